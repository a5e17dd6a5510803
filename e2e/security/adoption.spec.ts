import type { Browser, Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureDirectoryIntegration } from "../support/directory";
import { snapshot } from "../support/screenshots";
import { SCIM_USER, SEAT_EXTENSION, scimRequest, withScimToken } from "../support/scim";
import { signInWithSso } from "../support/sso";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

// Issue 14 §2: people who joined by UAP before SCIM, adopted by an Okta-shaped create.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const email = (name: string) => `adopt-${name}-${stamp}@acme.example`;

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  await runCli(["settings", "set", "uap", "on"]);
});

test.afterAll(async () => {
  await runCli(["adoption", "set", "automatic"]); // the default, which other specs expect
  await runCli(["settings", "set", "uap", "off"]);
});

/** A person joins by UAP: they sign in through the IdP in a browser of their own, and stay signed in. */
async function joinByUap(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: suite().baseURL });
  const person = await context.newPage();
  await signInWithSso(person, address);
  await expect(person).toHaveURL(/\/app(\?|$|\/)/);
  await expect(person.getByRole("heading", { name: "Your seat: Contributor" })).toBeVisible();
  return person;
}

/** What Okta sends to create a user (its documented shape), with a Member role. */
function oktaCreate(address: string, externalId: string): Record<string, unknown> {
  return {
    schemas: [SCIM_USER],
    userName: address,
    name: { givenName: "Ann", familyName: "Adopted" },
    emails: [{ primary: true, value: address, type: "work" }],
    displayName: "Ann Adopted",
    externalId,
    groups: [],
    password: "1mz050nq",
    active: true,
    roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
  };
}

test("automatic: Okta's create for a UAP user links them; same id, still signed in, Member from DI, the user page says so", async ({ page, browser }) => {
  await runCli(["adoption", "set", "automatic"]);
  const ann = email("ann");
  const person = await joinByUap(browser, ann);

  const id = await withScimToken(async (token) => {
    const found = await scimRequest(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${ann}"`)}&startIndex=1&count=100`);
    expect(found.json.totalResults).toBe(1);
    const created = await scimRequest(token, "POST", "/Users", oktaCreate(ann, "00uann0001"));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: found.json.Resources[0].id, externalId: "00uann0001", [SEAT_EXTENSION]: { seatType: "Member" } });
    expect(created.json.password).toBeUndefined();
    return created.json.id as string;
  });

  // Their session was kept: the next page they open shows the seat the IdP's role gives.
  await person.reload();
  await expect(person.getByRole("heading", { name: "Your seat: Member" })).toBeVisible();
  await person.context().close();

  await signIn(page, `/users/${id}`);
  await expect(page.getByTestId("scim-linked")).toContainText("On ");
  await expect(page.getByTestId("scim-linked")).toContainText("on the plan before SCIM, now managed by the identity provider");
  await expect(page.getByText("Linked to the identity provider", { exact: true }).first()).toBeVisible();
  await snapshot(page, "user-linked-to-idp");
});

test("admin approval: the create waits (409), the Overview warns, an admin approves on the screen, Okta's retry succeeds", async ({ page, browser }) => {
  await runCli(["adoption", "set", "admin-approval"]);
  const bo = email("bo");
  const person = await joinByUap(browser, bo);
  await person.context().close();

  await withScimToken(async (token) => {
    const waiting = await scimRequest(token, "POST", "/Users", oktaCreate(bo, "00ubo0002"));
    expect(waiting.status).toBe(409);
    expect(waiting.json.detail).toContain("waits for a System Admin's approval in Admin Center › Security & Controls › Adoption");

    await signIn(page, "/");
    const warning = page.locator('[data-warning="alert:adoption.waiting"]');
    await expect(warning).toContainText("wait");
    await warning.getByRole("link", { name: "Review the links" }).click();
    await expect(page).toHaveURL(/\/security\/adoption$/);

    const policy = page.getByRole("radio", { name: "Admin approval" });
    await expect(policy).toBeChecked();
    const row = page.getByTestId("adoption-request-row").filter({ hasText: bo });
    await expect(row).toContainText("00ubo0002");
    await expect(row).toContainText("Joined by UAP");
    await snapshot(page, "security-adoption-waiting");

    await row.getByRole("button", { name: `Approve linking ${bo}` }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Link 1 person to the identity provider?");
    await dialog.getByRole("button", { name: "Approve and link" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Linked to the identity provider: ${bo}` })).toBeVisible();
    await expect(page.getByTestId("adoption-request-row").filter({ hasText: bo })).toHaveCount(0);
    await expect(page.getByTestId("adoption-decided-row").filter({ hasText: bo })).toContainText("Linked by ada@acme.example");
    await snapshot(page, "security-adoption-approved");

    // Okta's Retry: its existence check finds the linked user, and its update succeeds.
    const found = await scimRequest(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${bo}"`)}`);
    expect(found.json.Resources[0]).toMatchObject({ externalId: "00ubo0002", [SEAT_EXTENSION]: { seatType: "Member" } });
    const retried = await scimRequest(token, "PUT", `/Users/${found.json.Resources[0].id}`, oktaCreate(bo, "00ubo0002"));
    expect(retried.status).toBe(200);
  });

  await page.goto("/");
  await expect(page.locator('[data-warning="alert:adoption.waiting"]')).toHaveCount(0);
});
