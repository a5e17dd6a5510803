import { test as base } from "@playwright/test";
import { suite } from "./suite";

/** Playwright's `test` aimed at the suite's server. Specs import test/expect from here. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(suite().baseURL);
  },
});

export { expect } from "@playwright/test";
