import { signIn } from "../support/admin";
import { snapshot } from "../support/screenshots";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";
import { createAdmin, newBrowserPage, signInAs, submitSignIn } from "./admin-people";

// Issue 11 items 1 and 2: sessions are server-side, so ending one takes effect at the next click.
test.describe.configure({ mode: "serial" });

test("a session cookie copied before Sign out opens nothing afterwards, even re-issued", async ({ page, browser }) => {
  await signIn(page, "/security");
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);

  const thief = await browser.newContext({ baseURL: suite().baseURL });
  await thief.addCookies(copied);
  // next-auth answers /api/auth/session with a fresh cookie: the session stays ended all the same.
  await thief.request.get("/api/auth/session");
  const stolen = await thief.newPage();
  await stolen.goto("/security");
  await expect(stolen).toHaveURL(/\/sign-in\?ended=signed-out$/);
  await expect(stolen.getByRole("main").getByRole("status")).toHaveText("You are signed out.");
  const api = await thief.request.get("/api/security");
  expect(api.status()).toBe(401);
  await thief.close();
});

test("the Admins screen ends another admin's sessions, disables, enables and resets them, at their next click", async ({ page, browser }) => {
  test.setTimeout(120_000); // six sign-ins
  const bob = await createAdmin("bob", "Bob Builder");
  const bobPage = await newBrowserPage(browser);
  await signInAs(bobPage, bob.email, bob.password);

  await signIn(page, "/admins");
  await expect(page.getByRole("heading", { name: "Admins", level: 1 })).toBeVisible();
  const row = page.locator(`tr[data-admin="${bob.email}"]`);
  await expect(row).toContainText("Bob Builder");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("from 127.0.0.1");
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");
  await snapshot(page, "admins");

  // End sessions: Bob's open browser goes to the sign-in page at its next click.
  await row.getByRole("button", { name: "End sessions" }).click();
  const endDialog = page.getByRole("alertdialog", { name: `End the sessions of ${bob.email}?` });
  await endDialog.getByRole("button", { name: "End sessions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 session of" })).toHaveText(`1 session of ${bob.email} ended.`);
  await bobPage.reload();
  await expect(bobPage).toHaveURL(/\/sign-in\?ended=revoked$/);
  await expect(bobPage.getByRole("main").getByRole("status")).toContainText("ended by a System Admin or the operator");

  // Disable: his session ends and the right password is refused, saying why.
  await signInAs(bobPage, bob.email, bob.password);
  await page.reload();
  await row.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("alertdialog", { name: `Disable ${bob.email}?` }).getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is disabled" })).toHaveText(`${bob.email} is disabled. 1 open session ended.`);
  await expect(row).toContainText("Disabled");
  await bobPage.getByRole("link", { name: "Users" }).click();
  await expect(bobPage).toHaveURL(/\/sign-in\?ended=disabled$/);
  await submitSignIn(bobPage, bob.email, bob.password);
  await expect(bobPage.getByRole("main").getByRole("alert")).toHaveText(
    "This System Admin account is disabled. Ask another System Admin (or the operator) to enable it.",
  );

  // Enable, then reset his password: the old one stops working and his session ends.
  await row.getByRole("button", { name: "Enable" }).click();
  await page.getByRole("alertdialog", { name: `Enable ${bob.email}?` }).getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("Active");
  await signInAs(bobPage, bob.email, bob.password);
  await page.reload();
  await row.getByRole("button", { name: "Reset password" }).click();
  const reset = page.getByRole("dialog", { name: `Reset the password of ${bob.email}` });
  await reset.getByLabel("New password", { exact: true }).fill("short");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(reset.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters/);
  await reset.getByLabel("New password", { exact: true }).fill("bob's brand new password");
  await reset.getByLabel("Confirm new password").fill("bob's brand new password");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "reset" })).toHaveText(`Password of ${bob.email} reset. 1 open session ended.`);
  await bobPage.reload();
  await expect(bobPage).toHaveURL(/\/sign-in\?ended=password-changed$/);
  await submitSignIn(bobPage, bob.email, bob.password);
  await expect(bobPage.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password. Check both and try again.");
  await signInAs(bobPage, bob.email, "bob's brand new password");
  await bobPage.context().close();

  // The activity log says who did what.
  await page.goto("/activity");
  for (const title of ["System Admin sessions ended", "System Admin disabled", "System Admin enabled", "System Admin's password reset"]) {
    await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
  }
});

test("an admin is added from the Admins screen, and changing one's own password ends only one's other sessions", async ({ page, browser }) => {
  test.setTimeout(120_000); // four sign-ins and two password hashes
  await signIn(page, "/admins");
  await page.getByRole("button", { name: "Add admin" }).click();
  const add = page.getByRole("dialog", { name: "Add a System Admin" });
  await add.getByRole("button", { name: "Add admin" }).click();
  await expect(add.getByLabel("Email")).toHaveAccessibleDescription("Enter the email they will sign in with.");
  const email = `carol.${Date.now().toString(36)}@acme.example`;
  await add.getByLabel("Name (optional)").fill("Carol");
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Password", { exact: true }).fill("carol's first password");
  await add.getByLabel("Confirm password").fill("carol's other password");
  await add.getByRole("button", { name: "Add admin" }).click();
  await expect(add.getByLabel("Confirm password")).toHaveAccessibleDescription("The two passwords do not match.");
  await add.getByLabel("Confirm password").fill("carol's first password");
  await add.getByRole("button", { name: "Add admin" }).click();
  await expect(page.getByRole("status").filter({ hasText: "can now sign in" })).toHaveText(`${email} can now sign in as a System Admin.`);
  await expect(page.locator(`tr[data-admin="${email}"]`)).toContainText("Never");

  // Carol in two browsers; she changes her password in one, the other is signed out.
  const here = await newBrowserPage(browser);
  const elsewhere = await newBrowserPage(browser);
  await signInAs(here, email, "carol's first password");
  await signInAs(elsewhere, email, "carol's first password");
  await here.goto("/admins");
  // The card's fields are React state: filled before hydration, their text would be lost.
  await here.waitForLoadState("networkidle");
  const card = here.getByRole("region", { name: "Your password" });
  await card.getByLabel("Current password").fill("not my password");
  await card.getByLabel("New password", { exact: true }).fill("carol's second password");
  await card.getByLabel("Confirm new password").fill("carol's second password");
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(card.getByLabel("Current password")).toHaveAccessibleDescription("The current password is wrong.");
  await card.getByLabel("Current password").fill("carol's first password");
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(card.getByRole("status")).toHaveText("Your password is changed. 1 other session ended.");
  await snapshot(here, "admins-own-password");

  await here.reload();
  await expect(here.getByRole("heading", { name: "Admins", level: 1 })).toBeVisible();
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/sign-in\?ended=password-changed$/);
  await here.context().close();
  await elsewhere.context().close();
});
