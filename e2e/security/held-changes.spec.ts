import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, SEAT_EXTENSION, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

interface BreakerStatus {
  settings: { enabled: boolean; percent: number; minPeople: number; windowMinutes: number };
  window: { applied: number; threshold: number };
  trip: { open: number } | null;
}

const deactivate = { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] };
const HELD = 10;

test("a SCIM wave trips the breaker: the banner on every page, Held changes, release half, discard the rest", async ({ page }) => {
  await ensureDirectoryIntegration();
  const before = await runCli<BreakerStatus>(["breaker", "status"]);
  const run = Date.now().toString(36);
  // A small threshold, so the wave is quick whatever other specs left on the plan.
  await runCli(["breaker", "set", "on", "--percent", "1", "--min-people", "3", "--window", "10"]);
  try {
    const status = await runCli<BreakerStatus>(["breaker", "status"]);
    expect(status.trip).toBeNull();
    const room = Math.max(0, status.window.threshold - status.window.applied);

    const people = await withScimToken(async (token) => {
      const created: { id: string; userName: string }[] = [];
      for (let i = 0; i < room + HELD; i++) {
        const userName = `wave${run}-${String(i).padStart(3, "0")}@acme.example`;
        const response = await scimRequest(token, "POST", "/Users", scimUser(userName, ["LICENSED_USER"]));
        expect(response.status).toBe(201);
        created.push({ id: response.json.id as string, userName });
      }
      // The IdP's wave: everything past the threshold is held, and still answered 200.
      let last: { status: number; json: any } | undefined;
      for (const person of created) last = await scimRequest(token, "PATCH", `/Users/${person.id}`, deactivate);
      expect(last!.status).toBe(200);
      expect(last!.json.active).toBe(true);
      expect(last!.json[SEAT_EXTENSION].heldChange).toMatchObject({ kind: "deactivate", requested: "deactivated" });
      return created;
    });
    const held = people.slice(room);

    await signIn(page, "/users");
    const banner = page.getByRole("region", { name: `${HELD} changes from the identity provider are held` });
    await expect(banner).toBeVisible();
    await page.goto("/activity");
    await expect(banner).toBeVisible();

    // The user page says what is held for them.
    await page.goto(`/users/${held[0]!.id}`);
    await expect(page.getByTestId("held-change-line")).toContainText("asked to deactivate the user");

    await banner.getByRole("link", { name: "Held changes" }).click();
    await expect(page).toHaveURL(/\/security\/held-changes$/);
    await expect(page.getByRole("heading", { name: "The breaker has tripped" })).toBeVisible();
    const table = page.getByTestId("held-changes-table");
    await expect(table.getByTestId("held-change-row")).toHaveCount(HELD);
    await snapshot(page, "security-held-changes-tripped");

    // Release the first half.
    for (const person of held.slice(0, HELD / 2)) await page.getByRole("checkbox", { name: `Select ${person.userName}` }).check();
    await page.getByRole("button", { name: `Release selected (${HELD / 2})` }).click();
    const release = page.getByRole("alertdialog", { name: `Release ${HELD / 2} held changes?` });
    await expect(release).toContainText("their sessions end");
    await release.getByRole("button", { name: `Release ${HELD / 2}` }).click();
    await expect(page.getByText(`Released ${HELD / 2} held changes.`)).toBeVisible();
    await expect(page.getByRole("region", { name: `${HELD / 2} changes from the identity provider are held` })).toBeVisible();

    // Discard the rest.
    await page.getByRole("button", { name: `Discard all ${HELD / 2}` }).click();
    const discard = page.getByRole("alertdialog", { name: `Discard ${HELD / 2} held changes?` });
    await expect(discard).toContainText("you overruled the identity provider");
    await discard.getByRole("button", { name: `Discard ${HELD / 2}` }).click();
    await expect(page.getByRole("heading", { name: "Nothing is held" })).toBeVisible();
    await expect(page.getByRole("region", { name: /changes? from the identity provider (is|are) held/ })).toHaveCount(0);
    await expect(page.getByTestId("past-trips-table")).toContainText(`${HELD / 2} released, ${HELD / 2} discarded`);
    await snapshot(page, "security-held-changes-cleared");

    // Exactly the released ones are deactivated; the discarded ones stay active.
    await withScimToken(async (token) => {
      for (const person of held.slice(0, HELD / 2)) expect((await scimRequest(token, "GET", `/Users/${person.id}`)).json.active).toBe(false);
      for (const person of held.slice(HELD / 2)) expect((await scimRequest(token, "GET", `/Users/${person.id}`)).json.active).toBe(true);
    });
    await page.goto(`/users/${held[HELD - 1]!.id}`);
    await expect(page.getByTestId("held-change-line")).toHaveCount(0);
  } finally {
    const after = await runCli<BreakerStatus>(["breaker", "status"]);
    if (after.trip) await runCli(["breaker", "discard", "--all"]);
    const { percent, minPeople, windowMinutes, enabled } = before.settings;
    await runCli(["breaker", "set", enabled ? "on" : "off", "--percent", String(percent), "--min-people", String(minPeople), "--window", String(windowMinutes)]);
  }
});
