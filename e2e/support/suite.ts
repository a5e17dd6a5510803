/**
 * What global-setup started, for specs and helpers: read from the environment it set
 * (Playwright's workers inherit the runner's environment after global setup).
 */
export interface Suite {
  /** e.g. http://127.0.0.1:41234 */
  baseURL: string;
  /** The suite's SQLite database, for the operator CLI (support/cli.ts). */
  databasePath: string;
}

export const SUITE_ENV = { baseURL: "E2E_BASE_URL", databasePath: "E2E_DATABASE_PATH" } as const;

export function suite(): Suite {
  const baseURL = process.env[SUITE_ENV.baseURL];
  const databasePath = process.env[SUITE_ENV.databasePath];
  if (!baseURL || !databasePath) {
    throw new Error("The e2e server is not running: run the specs with `npm run test:e2e` (global setup starts it).");
  }
  return { baseURL, databasePath };
}
