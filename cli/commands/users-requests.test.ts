/** `users requests` and `settings set scim-body-retention` through the real CLI program, on a database SCIM wrote to. */
import { describe, expect, it, onTestFinished } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { createScimTestEnv, patchBody, userBody } from "@/lib/scim/test-support";
import { cliHarness } from "../cli-test-support";

async function provisioned() {
  const harness = cliHarness();
  const db = await openDatabase(harness.databasePath, { migrate: true });
  onTestFinished(() => closeDatabase(db));
  const scim = await createScimTestEnv({ db });
  await scim.call("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`);
  const ada = (await scim.call("POST", "/Users", userBody("ada@example.com", { password: "Okta-Synced-Pw-1" }))).json.id as string;
  await scim.call("PATCH", `/Users/${ada}`, patchBody({ op: "replace", path: "password", value: "Okta-Synced-Pw-2" }));
  await scim.service.flush();
  return { ...harness, ada };
}

describe("users requests", () => {
  it("prints a user's SCIM requests newest first with their bodies, passwords redacted, by userName or id", async () => {
    const { text, json, ada } = await provisioned();
    const out = await text("users", "requests", "ada@example.com");
    const patchAt = out.indexOf(`PATCH /Users/${ada} → 200`);
    const postAt = out.indexOf("POST /Users → 201");
    expect(patchAt).toBeGreaterThanOrEqual(0);
    expect(postAt).toBeGreaterThan(patchAt);
    expect(out).toContain(`request: {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"password","value":"[redacted]"}]}`);
    expect(out).toContain("existence check before it:");
    expect(out).toContain('query: filter=userName eq "ada@example.com"');
    expect(out).toContain('"totalResults":0');
    expect(out).toContain("token 'Okta'");
    expect(out).toContain("2 request(s) about ada@example.com; page 1 of 1. Bodies are kept 14 days.");
    expect(out).not.toMatch(/Okta-Synced-Pw/);

    const byId = await json<{ total: number; entries: { method: string; lookups: unknown[] }[] }>("users", "requests", ada);
    expect(byId.total).toBe(2);
    expect(byId.entries.map((e) => e.method)).toEqual(["PATCH", "POST"]);
    expect(byId.entries[1]!.lookups).toHaveLength(1);
  });

  it("names a user it cannot find", async () => {
    const { fails } = await provisioned();
    await fails(/No user with email, userName or id 'nobody@example.com'/, "users", "requests", "nobody@example.com");
  });
});

describe("settings set scim-body-retention", () => {
  it("sets the days bodies are kept, 1 to 90", async () => {
    const { text, json, fails } = await provisioned();
    expect(await text("settings", "set", "scim-body-retention", "30")).toBe("SCIM request bodies are kept 30 days\n");
    expect(await json("settings", "show")).toMatchObject({ scimBodyRetentionDays: 30 });
    await fails(/SCIM body retention must be a whole number from 1 to 90 days/, "settings", "set", "scim-body-retention", "91");
    expect(await text("users", "requests", "ada@example.com")).toContain("Bodies are kept 30 days.");
  });
});
