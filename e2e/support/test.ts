import { test as base, expect } from "@playwright/test";
import { suite } from "./suite";

/** What Chromium logs when the Content-Security-Policy blocks something. */
const CSP_MESSAGE = /Content Security Policy|Refused to (execute|load|apply|connect|frame|evaluate|create)/i;

/**
 * Playwright's `test` aimed at the suite's server. Specs import test/expect from here.
 * Every page fails its test on a CSP violation in the console: the app must really work
 * under the policy proxy.ts sends, not just send it.
 */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(suite().baseURL);
  },
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (CSP_MESSAGE.test(message.text())) violations.push(message.text());
    });
    await use(page);
    expect(violations, "Content-Security-Policy violations in the browser console").toEqual([]);
  },
});

export { expect };
