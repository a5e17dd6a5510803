import { defineConfig } from "@playwright/test";

/**
 * Browser tests against the built app, started by support/global-setup.ts on a free port
 * with a fresh database. Debian's Chromium (Playwright's own browser download cannot run
 * here): e2e/ensure-chromium.sh installs it. One worker: the specs share one server and DB.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: ".artifacts/test-results",
  globalSetup: "./support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // A fresh install first: setup creates the admin every later spec signs in with.
    { name: "fresh-install", testMatch: "auth/**/*.spec.ts" },
    { name: "admin-center", testIgnore: "auth/**", dependencies: ["fresh-install"] },
  ],
});
