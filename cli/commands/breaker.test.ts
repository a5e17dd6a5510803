/** `breaker status|release|discard|set` through the real CLI program, on a database SCIM tripped. */
import { describe, expect, it, onTestFinished } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { updateSettings } from "@/lib/settings/update-settings";
import { createScimTestEnv, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { cliHarness } from "../cli-test-support";

/** Ten users, a breaker that trips past 3: the IdP deactivates seven, four are held. */
async function tripped() {
  const harness = cliHarness();
  const db = await openDatabase(harness.databasePath, { migrate: true });
  onTestFinished(() => closeDatabase(db));
  const scim = await createScimTestEnv({ db });
  await updateSettings(db, { breakerMinPeople: 3 }, TEST_ADMIN);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push((await scim.call("POST", "/Users", userBody(`u${i}@example.com`))).json.id as string);
  for (const id of ids.slice(0, 7)) await scim.call("PATCH", `/Users/${id}`, patchBody({ op: "replace", value: { active: false } }));
  const status = async (userName: string) =>
    (await db.row<{ status: string }>("SELECT status FROM users WHERE user_name = ?", userName))!.status;
  return { ...harness, db, status };
}

describe("breaker", () => {
  it("status shows the trip and what it holds, in text and JSON", async () => {
    const { text, json } = await tripped();
    const out = await text("breaker", "status");
    expect(out).toContain("Breaker: on; trips past max(3 people, 2% of active users) within 10 minutes");
    expect(out).toMatch(/TRIPPED .*: 4 changes from the identity provider held \(of 4\)/);
    expect(out).toContain("u3@example.com");
    expect(out).toContain("deactivate the user (Contributor → deactivated)");
    const status = await json<{ trip: { open: number; threshold: number }; held: { userName: string }[] }>("breaker", "status");
    expect(status.trip).toMatchObject({ open: 4, threshold: 3 });
    expect(status.held.map((h) => h.userName)).toEqual(["u3@example.com", "u4@example.com", "u5@example.com", "u6@example.com"]);
  });

  it("release by user applies exactly those; discard --all keeps the rest and clears the breaker", async () => {
    const { text, json, status, fails } = await tripped();
    expect(await text("breaker", "release", "u3@example.com", "u4@example.com")).toBe("Released (applied): 2 held changes.\n");
    expect(await status("u3@example.com")).toBe("deactivated");
    expect(await status("u4@example.com")).toBe("deactivated");
    expect(await status("u5@example.com")).toBe("active");
    await fails(/u3@example.com has no held change/, "breaker", "release", "u3@example.com");
    expect(await json("breaker", "discard", "--all")).toEqual({ decision: "discarded", decided: 2, cleared: true });
    expect(await status("u5@example.com")).toBe("active");
    expect(await text("breaker", "status")).toContain("Not tripped: nothing is held.");
    await fails(/not tripped/, "breaker", "discard", "--all");
  });

  it("set turns it on and off and changes the threshold; refuses bad values and empty changes", async () => {
    const { text, json, fails, failsJson } = await tripped();
    expect(await text("breaker", "set", "off")).toBe("Breaker off: trips past max(3 people, 2% of active users) within 10 minutes.\n");
    expect(await json("breaker", "set", "on", "--percent", "5", "--min-people", "40", "--window", "30")).toEqual({
      enabled: true,
      percent: 5,
      minPeople: 40,
      windowMinutes: 30,
    });
    await fails(/breaker's share of active users/, "breaker", "set", "--percent", "0");
    await failsJson("invalid", /Nothing to change/, "breaker", "set");
    await fails(/either --all or users/, "breaker", "release", "--all", "u5@example.com");
  });
});
