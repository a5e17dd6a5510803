import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

const COUNTERS = ["Member", "Provisional Member", "Contributor", "Guest", "No Access", "deactivated", "notSignedInYet"] as const;

const numberIn = (text: string) => Number(text.replace(/[^0-9]/g, ""));

/** The match count under the filters: "1,234 users in this list", "3 users match", … */
async function matches(page: Page): Promise<number> {
  return numberIn((await page.getByTestId("match-count").innerText()).split(" ")[0]!);
}

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
});

test("each counter, clicked, lists exactly the users it counts, users the IdP deleted before signing in among the deactivated", async ({ page }) => {
  const stamp = Date.now();
  const gone = `counters-gone-${stamp}@acme.example`;
  const left = `counters-left-${stamp}@acme.example`;
  await withScimToken(async (token) => {
    // Provisioned with no role and no group, then deleted before ever signing in.
    const created = await scimRequest(token, "POST", "/Users", scimUser(gone));
    expect(created.status).toBe(201);
    expect((await scimRequest(token, "DELETE", `/Users/${created.json.id as string}`)).status).toBe(204);
    // And one deactivated with active:false, also never signed in.
    const other = await scimRequest(token, "POST", "/Users", scimUser(left));
    expect(other.status).toBe(201);
    const patch = { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] };
    expect((await scimRequest(token, "PATCH", `/Users/${other.json.id as string}`, patch)).status).toBe(200);
  });

  await signIn(page, "/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  for (const key of COUNTERS) {
    const counter = page.locator(`button:has([data-counter="${key}"])`);
    // Wait for this counter's own answer: until it lands, the previous list stays on screen.
    const answer = page.waitForResponse((r) => r.url().includes("/api/users?") && r.status() === 200);
    await counter.click();
    await answer;
    await expect(counter).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("table", { name: "Users" })).not.toHaveAttribute("aria-busy", "true");
    // The count and the list come from the same answer: the counter's number is its list's total.
    const count = numberIn(await page.locator(`[data-counter="${key}"]`).innerText());
    expect(await matches(page), `${key} counter`).toBe(count);
    if (key === "deactivated") {
      await snapshot(page, "users-counter-deactivated");
      // The deleted-before-sign-in users are in the Deactivated list: search within it.
      const search = page.getByRole("searchbox", { name: "Search users" });
      await search.fill(`counters-`);
      await search.press("Enter");
      await expect(page.getByTestId("match-count")).toContainText("match");
      const table = page.getByRole("table", { name: "Users" });
      await expect(table).toContainText(gone);
      await expect(table).toContainText(left);
      await expect(counter).toHaveAttribute("aria-pressed", "true");
      await search.fill("");
      await search.press("Enter");
      await expect(page).not.toHaveURL(/q=/);
    }
  }

  // The Status filter alone (the main list) shows the same deactivated users as the counter.
  await page.locator('button:has([data-counter="notSignedInYet"])').click();
  await expect(page.locator('button:has([data-counter="notSignedInYet"])')).toHaveAttribute("aria-pressed", "false");
  const answer = page.waitForResponse((r) => r.url().includes("/api/users?status=deactivated") && r.status() === 200);
  await page.getByRole("combobox", { name: "Status" }).selectOption("deactivated");
  await answer;
  await expect(page).toHaveURL(/\/users\?status=deactivated$/);
  await expect(page.getByRole("table", { name: "Users" })).not.toHaveAttribute("aria-busy", "true");
  expect(await matches(page)).toBe(numberIn(await page.locator('[data-counter="deactivated"]').innerText()));
});
