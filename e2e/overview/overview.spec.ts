import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration } from "../support/directory";
import { addEarlierSnapshots, listSnapshotRows, removeSnapshots } from "./seat-history";

const patch = (value: Record<string, unknown>) => ({ schemas: [SCIM_PATCH], Operations: [{ op: "replace", value }] });

test("the Overview lists what needs action, each linked to where to act, with recent activity", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const before = await runCli<{ autoUpgrade: boolean }>(["settings", "show"]);
  const expiring = await runCli<{ id: string }>(["token", "create", "--name", `Overview ${run}`, "--expires-in-days", "7"]);
  const userName = `ovw${run}@acme.example`;
  try {
    await runCli(["settings", "set", "auto-upgrade", "on"]);
    // The IdP deactivates a user, then asks to reactivate them (only an admin can).
    await withScimToken(async (token) => {
      const created = await scimRequest(token, "POST", "/Users", scimUser(userName));
      expect(created.status).toBe(201);
      expect((await scimRequest(token, "PATCH", `/Users/${created.json.id}`, patch({ active: false }))).status).toBe(200);
      expect((await scimRequest(token, "PATCH", `/Users/${created.json.id}`, patch({ active: true }))).status).toBe(200);
    });
    const rejectedPath = `/Groups/overview-spec-${run}`;
    expect((await scimRequest(`acscim_wrong-${run}`, "GET", rejectedPath)).status).toBe(401);

    await signIn(page, "/");
    const attention = page.getByRole("region", { name: "Needs your attention" });
    // SCIM requests reach the log in batches: reload until the failed one is counted.
    await expect(async () => {
      await page.reload();
      await expect(attention.locator('[data-warning="scim-errors"]')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const warning = (key: string, text: string | RegExp, link: string, href: string) =>
      Promise.all([
        expect(attention.locator(`[data-warning="${key}"]`).first()).toContainText(text),
        expect(attention.locator(`[data-warning="${key}"]`).first().getByRole("link", { name: link })).toHaveAttribute(
          "href",
          href,
        ),
      ]);
    await warning("auto-upgrade-with-di", /auto-upgrade/i, "Review the plan switches", "/security/plan");
    await warning("token-expiring", `SCIM token 'Overview ${run}' expires in 7 days`, "Rotate the token", "/security/tokens");
    await warning("scim-errors", /SCIM requests? failed in the last 24 hours/, "See the failed requests", "/activity?kind=scim&status=failed");
    await warning("reactivation-requests", /asks to reactivate/, "Review the requests", "/users?reactivation=requested");

    const recent = page.getByRole("region", { name: "Recent activity" });
    await expect(recent.getByRole("listitem")).toHaveCount(10);
    const failedEntry = recent.getByRole("listitem").filter({ hasText: rejectedPath });
    await expect(failedEntry).toContainText("Failed: 401 Unauthorized");
    await expect(failedEntry).toHaveAttribute("data-failed", "true");
    await expect(recent.getByRole("link", { name: "See all activity" })).toHaveAttribute("href", "/activity");
    await snapshot(page, "overview-warnings");

    await attention.getByRole("link", { name: "See the failed requests" }).click();
    await expect(page).toHaveURL(/\/activity\?kind=scim&status=failed$/);
    await expect(page.getByLabel("Status")).toHaveValue("failed");
    await expect(
      page.getByRole("table", { name: "Activity log, newest first" }).getByRole("row").filter({ hasText: rejectedPath }),
    ).toContainText("Failed: 401 Unauthorized");
  } finally {
    await runCli(["token", "revoke", expiring.id]);
    await runCli(["settings", "set", "auto-upgrade", before.autoUpgrade ? "on" : "off"]);
    // Answer the reactivation request the way the Admin Center guides: DI off, reactivate, DI on.
    await runCli(["di", "off"]);
    await runCli(["users", "reactivate", userName]).catch(() => undefined);
    await runCli(["di", "on"]);
  }
});

/** A snapshot's day (`2026-12-02`) as every screen writes a day: "2 Dec 2026" (issue 13: one format). */
const shownDay = (day: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(Date.parse(`${day}T00:00:00Z`));

test("the seat chart shows a single day honestly, and a line once there are several days", async ({ page }) => {
  const existing = await listSnapshotRows();
  await signIn(page, "/");
  const history = page.getByRole("region", { name: "Seat history, last 90 days" });
  await expect(history).toContainText("reconciled at true-up");
  if (existing.length === 1) {
    // The server's scheduler wrote today's snapshot at start: one day, no line drawn.
    await expect(history.getByTestId("seat-chart-single-day")).toContainText("Only one day recorded so far");
    await expect(history.getByTestId("seat-chart")).toHaveCount(0);
    // Today's counts are live: the same as the Seats table's.
    const members = await page.getByRole("region", { name: "Seats", exact: true }).getByRole("row", { name: /^Member \d/ }).getByRole("cell").first().textContent();
    const today = history.getByRole("table", { name: `Seat counts on ${shownDay(existing[0]!.day)}` });
    await expect(today.getByRole("row", { name: new RegExp(`^${shownDay(existing[0]!.day)}`) }).getByRole("cell").first()).toHaveText(members!);
    await snapshot(page, "overview-single-day");
  }

  const today = existing[existing.length - 1]!;
  const added = await addEarlierSnapshots(
    [6, 5, 4, 3, 2, 1].map((back) => ({
      // A plan-sized count on the first day: the axis and the tooltip need thousands separators.
      members: back === 6 ? 12_345 : Math.max(0, today.members - back),
      provisional: back % 2,
      contributors: today.contributors + back,
      guests: today.guests,
      no_access: today.no_access,
      deactivated: today.deactivated,
    })),
  );
  try {
    await page.reload();
    const chart = history.getByTestId("seat-chart");
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute("aria-label", /^Line chart of seat counts per day from /);
    await expect(chart.locator(".recharts-line")).toHaveCount(5);
    await expect(history).toContainText(`${existing.length + added.length} days, ${shownDay(added[0]!)} to ${shownDay(existing[0]!.day)} (UTC)`);
    await expect(chart).toHaveAttribute("aria-label", /Members went from 12,345 to /);
    const ticks = chart.locator(".recharts-yAxis-tick-labels text, .recharts-yAxis .recharts-cartesian-axis-tick-value");
    await expect(ticks.filter({ hasText: /^\d{1,3}(,\d{3})+$/ }).first()).toBeVisible();
    // The tooltip by keyboard: focus the chart, the arrow keys move from day to day.
    await chart.locator('svg.recharts-surface[tabindex="0"]').focus();
    await page.keyboard.press("ArrowRight");
    const tip = chart.getByTestId("seat-chart-tooltip");
    await expect(tip).toBeVisible();
    await expect(tip).toHaveAttribute("role", "status");
    await expect(tip).toContainText(/\d{4} \(UTC\)/);
    await expect(tip).toContainText("Members (paid)");
    await history.getByText("Show the numbers").click();
    const numbers = history.getByRole("table", { name: "Seat counts per day, newest first" });
    await expect(numbers.locator("tbody tr")).toHaveCount(existing.length + added.length);
    await expect(numbers.locator("tbody tr").last()).toContainText(shownDay(added[0]!));
    await snapshot(page, "overview-chart");
  } finally {
    await removeSnapshots(added);
  }
});
