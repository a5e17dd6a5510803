/** `admin break-glass` and `admin require-sso` through the real CLI program on its own database. */
import { describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { cliHarness } from "../cli-test-support";

async function withAdmins() {
  const harness = cliHarness();
  for (const email of ["ada@example.com", "bob@example.com"]) {
    harness.typed("correct horse battery");
    await harness.json("admin", "create", "--email", email);
  }
  return harness;
}

describe("admin break-glass and admin require-sso", () => {
  it("refuses to require SSO without a connection or a break-glass admin, then requires it and lets go again", async () => {
    const { text, json, fails, failsJson, databasePath } = await withAdmins();
    await fails(/Set up single sign-on first/, "admin", "require-sso", "on");
    const db = await openDatabase(databasePath);
    await db.execute("INSERT INTO sso_connection (id, protocol, idp_name, updated_by) VALUES (1, 'oidc', 'Entra ID', 'test')");
    await failsJson("conflict", /break-glass first/, "admin", "require-sso", "on");
    expect(await text("admin", "break-glass", "bob@example.com", "on")).toBe("bob@example.com is now a break-glass admin\n");
    expect(await text("admin", "break-glass", "BOB@example.com", "on")).toMatch(/already a break-glass admin: nothing changed/);
    expect(await text("admin", "require-sso", "on")).toBe(
      "Single sign-on is required for System Admins: only the 1 break-glass admin may sign in with a password\n",
    );
    await fails(/only enabled break-glass admin/, "admin", "break-glass", "bob@example.com", "off");
    await fails(/No System Admin has the email/, "admin", "break-glass", "nobody@example.com", "on");
    expect((await cliHarness().cli("admin", "require-sso", "maybe")).code).not.toBe(0);
    expect(await json("admin", "require-sso", "off")).toMatchObject({ requireSso: false, changed: true });
    expect((await db.rows<{ action: string; actor: string }>("SELECT action, actor FROM activity")).filter((a) => /sso|break-glass/.test(a.action))).toEqual([
      { action: "admin.break-glass-marked", actor: expect.any(String) },
      { action: "settings.require-sso", actor: expect.any(String) },
      { action: "settings.require-sso", actor: expect.any(String) },
    ]);
    await closeDatabase(db);
  });
});
