import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The sign-in and SCIM flows again with the server on PostgreSQL (issue 15; `npm test` runs
 * this after the SQLite suite): global setup starts a throw-away PostgreSQL server
 * (db/testing/postgres-server.ts) and gives the app DATABASE_URL. The rest of the browser
 * suite is about screens, whose data functions the PostgreSQL run of vitest covers.
 */
process.env.E2E_POSTGRES = "1";

export default defineConfig({
  ...base,
  outputDir: ".artifacts/test-results-postgres",
  projects: [
    { name: "fresh-install", testMatch: "auth/**/*.spec.ts" },
    {
      name: "postgres-flows",
      testMatch: [
        "sso/**/*.spec.ts",
        "security/scim-tokens.spec.ts",
        "security/directory-integration.spec.ts",
        "users/provisioning-tab.spec.ts",
        "groups/group-members.spec.ts",
        "activity/rejected-token.spec.ts",
      ],
      dependencies: ["fresh-install"],
    },
  ],
});
