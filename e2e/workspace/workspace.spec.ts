import type { Page } from "@playwright/test";
import { ADMIN } from "../support/admin";
import { runCli } from "../support/cli";
import { snapshot } from "../support/screenshots";
import { withScimToken } from "../support/scim";
import { signInWithSso } from "../support/sso";
import { expect, test } from "../support/test";
import { patchUser, provisionUser, setContributorAutoUpgrade } from "./plan-user";

// Issue 12 items 3 and 4: the plan users' workspace at /app, permissions read at each request.
test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await setContributorAutoUpgrade(true); // the default, which other specs expect
});

const seatHeading = (page: Page) => page.getByRole("heading", { name: /^Your seat: / });

async function createSheet(page: Page, name: string): Promise<void> {
  await page.getByLabel("Sheet name").fill(name);
  await page.getByRole("button", { name: "Create sheet" }).click();
}

test("a Contributor's first sheet makes them a Provisional Member while Contributor auto-upgrade is on", async ({ page }) => {
  await withScimToken(async (token) => {
    await setContributorAutoUpgrade(true);
    const cy = await provisionUser(token, "cy");
    await signInWithSso(page, cy.email);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByRole("banner")).toContainText(cy.email);
    await expect(page.getByRole("banner")).toContainText(ADMIN.planName);
    await expect(seatHeading(page)).toHaveText("Your seat: Contributor");
    await expect(page.getByText("As a Contributor, creating a sheet makes you a Provisional Member")).toBeVisible();
    await snapshot(page, "workspace-contributor");

    await createSheet(page, "Q3 launch plan");
    await expect(page.getByRole("status").filter({ hasText: "created" })).toContainText("You are now a Provisional Member until");
    await expect(seatHeading(page)).toHaveText("Your seat: Provisional Member");
    await expect(page.getByText("Review period ends:")).toBeVisible();
    await expect(page.getByRole("list", { name: "Your sheets" })).toContainText("Q3 launch plan");
    await snapshot(page, "workspace-provisional");

    // The Admin Center sees the product event: the seat and its activity entries.
    const user = await runCli<{ users: { seatType: string }[] }>(["users", "list", "--search", cy.email]);
    expect(user.users.map((u) => u.seatType)).toEqual(["Provisional Member"]);
  });
});

test("with Contributor auto-upgrade off, a Contributor is refused with whom to ask, and nothing is created", async ({ page }) => {
  await withScimToken(async (token) => {
    await setContributorAutoUpgrade(false);
    const dee = await provisionUser(token, "dee");
    await signInWithSso(page, dee.email, { protocol: "oidc" });
    await expect(page).toHaveURL(/\/app$/);
    await expect(seatHeading(page)).toHaveText("Your seat: Contributor");
    await createSheet(page, "Budget");
    await expect(page.getByRole("main").getByRole("alert")).toContainText(`Ask for a Member seat: ${ADMIN.name} (${ADMIN.email})`);
    await snapshot(page, "workspace-refused");
    await page.reload();
    await expect(seatHeading(page)).toHaveText("Your seat: Contributor");
    await expect(page.getByText("You own no sheets yet.")).toBeVisible();
  });
});

test("a seat change applies at the next request: a Member the IdP moves to Contributor can no longer create a sheet", async ({ page }) => {
  await withScimToken(async (token) => {
    await setContributorAutoUpgrade(false);
    const eve = await provisionUser(token, "eve", ["LICENSED_USER"]);
    await signInWithSso(page, eve.email);
    await expect(seatHeading(page)).toHaveText("Your seat: Member");
    await createSheet(page, "First sheet");
    await expect(page.getByRole("status").filter({ hasText: "created" })).toHaveText("Sheet “First sheet” created.");

    // Okta takes the licence away while the page is open: the next action reads the new seat.
    await patchUser(token, eve.id, { op: "remove", path: "roles" });
    await createSheet(page, "Second sheet");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("needs a Member seat");
    await page.reload();
    await expect(seatHeading(page)).toHaveText("Your seat: Contributor");
    await expect(page.getByRole("list", { name: "Your sheets" }).getByRole("listitem")).toHaveCount(1);
  });
});

test("No Access users see that they cannot open plan content, and whom to ask", async ({ page }) => {
  await withScimToken(async (token) => {
    const nia = await provisionUser(token, "nia");
    await runCli(["users", "set-seat", nia.email, "No Access"]);
    await signInWithSso(page, nia.email);
    await expect(seatHeading(page)).toHaveText("Your seat: No Access");
    await expect(page.getByRole("main")).toContainText("You cannot open plan content.");
    await expect(page.getByRole("main")).toContainText(`ask a System Admin of the plan for a seat: ${ADMIN.name} (${ADMIN.email})`);
    await expect(page.getByRole("button", { name: "Create sheet" })).toHaveCount(0);
    await snapshot(page, "workspace-no-access");
  });
});

test("an open workspace is cut off at its next click when the IdP deactivates the user; Sign out ends the session", async ({ page, browser }) => {
  await withScimToken(async (token) => {
    const fay = await provisionUser(token, "fay", ["LICENSED_USER"]);
    await signInWithSso(page, fay.email);
    await expect(seatHeading(page)).toHaveText("Your seat: Member");
    await patchUser(token, fay.id, { op: "replace", value: { active: false } });
    // The action answers with the redirect to the sign-in page, saying why.
    await createSheet(page, "After leaving");
    await expect(page).toHaveURL(/\/sign-in\?ended=deactivated$/);
    await expect(page.getByRole("main")).toContainText("Your account was deactivated");
    await page.goto("/app");
    await expect(page).toHaveURL(/\/sign-in/);

    const gus = await provisionUser(token, "gus", ["LICENSED_USER"]);
    const other = await browser.newPage({ baseURL: new URL(page.url()).origin });
    await signInWithSso(other, gus.email);
    const cookies = await other.context().cookies();
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other).toHaveURL(/\/sign-in\?ended=signed-out$/);
    // A copy of the cookie taken before signing out opens nothing.
    const thief = await browser.newContext({ baseURL: new URL(page.url()).origin });
    await thief.addCookies(cookies);
    const stolen = await thief.newPage();
    await stolen.goto("/app");
    await expect(stolen).toHaveURL(/\/sign-in\?ended=signed-out$/);
    await thief.close();
    await other.close();
  });
});
