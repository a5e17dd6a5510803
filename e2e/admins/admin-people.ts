import { expect, type Browser, type Page } from "@playwright/test";
import { runCli } from "../support/cli";
import { suite } from "../support/suite";

/** A second System Admin, made by the operator CLI (password on stdin), unique per run. */
export async function createAdmin(local: string, name: string): Promise<{ email: string; password: string }> {
  const email = `${local}.${Date.now().toString(36)}@acme.example`;
  const password = `${local}'s long password`;
  await runCli(["admin", "create", "--email", email, "--name", name], { input: `${password}\n` });
  return { email, password };
}

/** A browser of its own (its own cookies), optionally as a client at another address (the suite trusts X-Forwarded-For). */
export async function newBrowserPage(browser: Browser, address?: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: suite().baseURL,
    ...(address ? { extraHTTPHeaders: { "X-Forwarded-For": address } } : {}),
  });
  return context.newPage();
}

/** Fills the sign-in form once; the caller checks the outcome. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign in" }).or(page.getByRole("button", { name: "Sign out", exact: true }))).toBeEnabled();
}

export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}
