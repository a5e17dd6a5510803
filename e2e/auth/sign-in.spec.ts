import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN } from "../support/admin";
import { snapshot } from "../support/screenshots";
import { ARTIFACTS } from "../support/server";
import { readSetupCode, setupCodePath } from "../support/setup-code";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

// One story on one fresh database, in order: fresh install → setup → sign-in → sign-out.
test.describe.configure({ mode: "serial" });

test("a fresh install sends every signed-out visit to the one-time setup", async ({ page }) => {
  for (const path of ["/security", "/", "/sign-in"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Set up the Admin Center" })).toBeVisible();
  await snapshot(page, "setup");
});

test("setup needs the one-time code the server printed at start", async ({ page }) => {
  const code = readSetupCode();
  expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  // Printed at start (when the suite started the server: its log names the suite's database).
  const logPath = join(ARTIFACTS, "server.log");
  const log = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
  if (log.includes(suite().databasePath)) expect(log).toContain(`Setup code: ${code} (also in ${setupCodePath()})`);

  // Whoever reaches a fresh instance first, with everything else right, still cannot take it.
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill(code.startsWith("AAAA") ? "BBBB-BBBB-BBBB" : "AAAA-AAAA-AAAA");
  await page.getByLabel("Your name").fill("Mallory");
  await page.getByLabel("Your email").fill("mallory@evil.example");
  await page.getByLabel("Password", { exact: true }).fill("mallory's long password");
  await page.getByLabel("Confirm password").fill("mallory's long password");
  await page.getByLabel("Plan name").fill("Taken over");
  await page.getByLabel("Plan primary email").fill("mallory@evil.example");
  await page.getByRole("button", { name: "Create admin and plan" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The setup code is not right.");
  await expect(page.getByLabel("Setup code")).toBeFocused();
  await expect(page.getByLabel("Setup code")).toHaveAccessibleDescription(/printed to its log/);

  // Nothing was made: the install is still fresh.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/setup$/);
  expect(readSetupCode()).toBe(code);
});

test("the setup page checks its input, then creates the first admin and the plan", async ({ page }) => {
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill(readSetupCode());
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Your email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill("too short");
  await page.getByLabel("Confirm password").fill("different");
  await page.getByLabel("Plan name").fill(ADMIN.planName);
  await page.getByLabel("Plan primary email").fill("not an email");
  await page.getByRole("button", { name: "Create admin and plan" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toContainText("Some fields need a change");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused(); // the first field to fix
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/at least 12 characters/);
  await expect(page.getByLabel("Confirm password")).toHaveAccessibleDescription(/passwords do not match/);
  await expect(page.getByLabel("Plan primary email")).toHaveAccessibleDescription(/must be an email address/);
  await snapshot(page, "setup-errors");

  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByLabel("Plan primary email").fill(ADMIN.primaryEmail);
  await page.getByRole("button", { name: "Create admin and plan" }).click();

  // Signed straight in, on the Overview, with the plan just created.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(ADMIN.planName);
  await expect(page.getByRole("banner")).toContainText(ADMIN.email);
  const plan = page.getByRole("region", { name: "Plan" });
  await expect(plan).toContainText(ADMIN.planName);
  await expect(plan).toContainText(ADMIN.primaryEmail);
  const provisioning = page.getByRole("region", { name: "Provisioning" });
  await expect(provisioning).toContainText("Not enabled");
  await expect(page.getByRole("region", { name: "Seats" })).toContainText("0 active users");
  await snapshot(page, "overview");
});

test("setup is refused once an admin exists", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(existsSync(setupCodePath()), "the used setup code is deleted").toBe(false);
});

test("a wrong password is refused with a clear error", async ({ page }) => {
  await page.goto("/sign-in");
  await snapshot(page, "sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password. Check both and try again.");
  await expect(page).toHaveURL(/\/sign-in$/);
  await snapshot(page, "sign-in-error");
});

test("repeated failures slow further attempts down and say for how long, without locking anyone out", async ({ page }) => {
  // Not the admin's email, so the specs that follow are not slowed (e2e/admins/sign-in-throttle.spec.ts has the whole story).
  await page.goto("/sign-in");
  const alert = page.getByRole("main").getByRole("alert");
  for (let attempt = 1; attempt <= 12; attempt++) {
    await page.getByLabel("Email").fill("mallory@acme.example");
    await page.getByLabel("Password").fill(`guess number ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    if (/Too many failed/.test((await alert.textContent()) ?? "")) break;
  }
  await expect(alert).toHaveText(/^Too many failed sign-in attempts\. Wait \d+ seconds? and try again; your password was not checked this time\.$/);
  await snapshot(page, "sign-in-throttled");
});

test("sign-in works from the keyboard and lands on the Overview", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(ADMIN.email.toUpperCase()); // emails are case-insensitive
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin Center" }).getByRole("link", { name: "Overview" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("a signed-out visit to an admin page returns there after sign-in", async ({ page }) => {
  await page.goto("/security");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsecurity$/);
  await expect(page.getByRole("main").getByRole("status")).toContainText("Sign in as a System Admin to continue.");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/security$/);
  await expect(page.getByRole("heading", { name: "Security & Controls", level: 1 })).toBeVisible();
  const checklist = page.getByRole("region", { name: "Setup checklist" });
  await expect(checklist).toContainText("0 of 5 required steps done");
  await expect(checklist.locator('[data-step="scim-support"]')).toContainText("To do");
  const baseUrl = page.getByRole("textbox", { name: "SCIM base URL" });
  await expect(baseUrl).toHaveValue(`${new URL(page.url()).origin}/scim/v2`);
  await snapshot(page, "security");
});

test("sign out ends the session", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByRole("main").getByRole("status")).toContainText("You are signed out.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F$/);
});
