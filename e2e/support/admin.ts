import { expect, type Page } from "@playwright/test";

/** The first System Admin and plan, created by e2e/auth/sign-in.spec.ts through /setup. */
export const ADMIN = {
  name: "Ada Admin",
  email: "ada@acme.example",
  password: "correct horse battery staple",
  planName: "Acme Corp",
  primaryEmail: "it@acme.example",
} as const;

/** Signs in through the sign-in page and waits for the Admin Center. */
export async function signIn(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  if (!new URL(page.url()).pathname.startsWith("/sign-in")) return; // already signed in
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}
