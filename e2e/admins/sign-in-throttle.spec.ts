import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { createAdmin, newBrowserPage, signInAs, submitSignIn } from "./admin-people";

// Issue 11 item 3: guessing is slowed by growing waits, per address and per account, and
// the real admin, from their own address with the right password, still gets in.
const HOME = "198.51.100.7";
const ATTACKER = "203.0.113.66";
const THROTTLED = /^Too many failed sign-in attempts\. Wait \d+ (seconds?|minutes) and try again; your password was not checked this time\.$/;

/**
 * Wrong passwords until the page says to wait at least `minWaitSeconds` (so the next step
 * surely falls inside the wait); `addressOf` moves the attacker between attempts. Returns
 * the attempt that was first slowed. A shorter wait is waited out, so the next guess counts:
 * on a fast machine 80 attempts can take less than the 15 s of waits before a 16 s one, and
 * every one after the first wait was refused uncounted.
 */
async function guessUntilSlowed(page: Page, email: string, { minWaitSeconds = 5, addressOf }: { minWaitSeconds?: number; addressOf?: (attempt: number) => string } = {}) {
  const alert = page.getByRole("main").getByRole("alert");
  let firstSlowed: number | undefined;
  for (let attempt = 1; attempt <= 80; attempt++) {
    if (addressOf) await page.setExtraHTTPHeaders({ "X-Forwarded-For": addressOf(attempt) });
    await submitSignIn(page, email, `guess number ${attempt}`);
    const text = (await alert.textContent()) ?? "";
    if (!THROTTLED.test(text)) continue;
    firstSlowed ??= attempt;
    const wait = /Wait (\d+) (second|minute)/.exec(text);
    const seconds = wait ? Number(wait[1]) * (wait[2] === "minute" ? 60 : 1) : 0;
    if (seconds >= minWaitSeconds) return firstSlowed;
    await page.waitForTimeout(seconds * 1000);
  }
  throw new Error("80 wrong passwords were never slowed down enough");
}

test("password guesses are slowed per address and per account, while the admin from home gets straight in", async ({ page, browser }) => {
  // Real waits of up to 16 s are part of the story.
  test.setTimeout(150_000);
  const dora = await createAdmin("dora", "Dora");
  const home = await newBrowserPage(browser, HOME);
  await signInAs(home, dora.email, dora.password); // her usual address from now on
  await home.getByRole("button", { name: "Sign out", exact: true }).click();

  // One address guessing her password: after a few failures each attempt waits longer.
  const attacker = await newBrowserPage(browser, ATTACKER);
  await attacker.goto("/sign-in");
  expect(await guessUntilSlowed(attacker, dora.email)).toBeGreaterThan(3);
  // The right password from there waits too: it is not even checked.
  await submitSignIn(attacker, dora.email, dora.password);
  await expect(attacker.getByRole("main").getByRole("alert")).toHaveText(THROTTLED);
  await snapshot(attacker, "sign-in-throttled-attacker");

  // Dora, from home, with her password: in at once.
  await signInAs(home, dora.email, dora.password);
  await home.getByRole("button", { name: "Sign out", exact: true }).click();

  // Guesses from many addresses: the account waits for addresses Dora never used, not for hers.
  expect(await guessUntilSlowed(attacker, dora.email, { minWaitSeconds: 16, addressOf: (i) => `203.0.113.${100 + i}` })).toBeGreaterThan(1);
  await attacker.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.250" });
  await submitSignIn(attacker, dora.email, dora.password);
  await expect(attacker.getByRole("main").getByRole("alert")).toHaveText(THROTTLED);
  await attacker.context().close();

  // Ada sees it on the Admins screen, while it lasts.
  await signIn(page, "/admins");
  const row = page.locator(`tr[data-admin="${dora.email}"]`);
  await expect(row).toContainText("Sign-in slowed");
  await expect(row).toContainText(`from ${HOME}`);
  await snapshot(page, "admins-sign-in-slowed");

  // Dora, from home, is not slowed by it.
  await signInAs(home, dora.email, dora.password);
  await home.context().close();

  await row.getByRole("button", { name: "Clear sign-in wait" }).click();
  await page.getByRole("alertdialog", { name: `Clear the sign-in wait of ${dora.email}?` }).getByRole("button", { name: "Clear the wait" }).click();
  await expect(row).toContainText("Active");
  await expect(row.getByRole("button", { name: "Clear sign-in wait" })).toHaveCount(0);

  // The Activity log has every attempt and wait, with the addresses.
  await page.goto("/activity");
  const slowed = page.getByRole("row").filter({ hasText: "System Admin sign-in slowed down" }).filter({ hasText: `From ${ATTACKER}` });
  await expect(slowed.first()).toContainText("failed sign-ins from this address");
  await expect(page.getByRole("row").filter({ hasText: "System Admin signed in" }).filter({ hasText: `From ${HOME}` }).first()).toBeVisible();
  await snapshot(page, "activity-sign-in-throttled");
});
