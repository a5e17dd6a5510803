/** `di preview` says what it previews: turning DI on, or (DI on) a re-evaluation; downgrades first. */
import { describe, expect, it, onTestFinished } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { turnOffDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { cliHarness } from "../cli-test-support";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

async function setup() {
  const harness = cliHarness();
  const db = await openDatabase(harness.databasePath, { migrate: true });
  onTestFinished(() => closeDatabase(db));
  const scim = await createScimTestEnv({ db });
  // One user DI would move up and one it would move down, changed by hand while DI is off.
  const up = (await scim.call("POST", "/Users", userBody("up@example.com", LICENSED))).json.id as string;
  const down = (await scim.call("POST", "/Users", userBody("down@example.com"))).json.id as string;
  await turnOffDirectoryIntegration(db, TEST_ADMIN, Date.now());
  await setUserSeat(db, up, "Contributor", TEST_ADMIN, Date.now());
  await setUserSeat(db, down, "Member", TEST_ADMIN, Date.now());
  return { ...harness, db };
}

describe("di preview", () => {
  it("previews turning DI on while it is off, downgrades first", async () => {
    const { text, json } = await setup();
    const out = await text("di", "preview");
    expect(out).toMatch(/^Turning DI on would change: 1 up, 1 down, 0 unchanged\n/);
    expect(out.indexOf("down@example.com")).toBeLessThan(out.indexOf("up@example.com"));
    expect(await json("di", "preview")).toMatchObject({ diEnabled: false, downgrades: 1, upgrades: 1, changes: [{ userName: "down@example.com" }, { userName: "up@example.com" }] });
  });

  it("previews a re-evaluation while DI is on, not turning it on", async () => {
    const { text, db } = await setup();
    await db.execute("UPDATE plan SET di_enabled = 1");
    expect(await text("di", "preview")).toMatch(/^Re-evaluating every user now would change: 1 up, 1 down, 0 unchanged\n/);
  });
});
