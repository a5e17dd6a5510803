/**
 * What global-setup started, for specs and helpers: read from the environment it set
 * (Playwright's workers inherit the runner's environment after global setup).
 */
export interface Suite {
  /** e.g. http://127.0.0.1:41234 */
  baseURL: string;
  /**
   * The suite's SQLite database, for the operator CLI (support/cli.ts); on PostgreSQL the
   * same path still names the server's folder (its setup code).
   */
  databasePath: string;
  /** The PostgreSQL database of the PostgreSQL run (e2e/playwright.postgres.config.ts), else undefined. */
  databaseUrl?: string;
}

export const SUITE_ENV = { baseURL: "E2E_BASE_URL", databasePath: "E2E_DATABASE_PATH", databaseUrl: "E2E_DATABASE_URL" } as const;

/** The database the suite's server uses: its PostgreSQL URL, or its SQLite file. */
export function suiteDatabase(): string {
  const { databaseUrl, databasePath } = suite();
  return databaseUrl ?? databasePath;
}

export function suite(): Suite {
  const baseURL = process.env[SUITE_ENV.baseURL];
  const databasePath = process.env[SUITE_ENV.databasePath];
  if (!baseURL || !databasePath) {
    throw new Error("The e2e server is not running: run the specs with `npm run test:e2e` (global setup starts it).");
  }
  const databaseUrl = process.env[SUITE_ENV.databaseUrl];
  return { baseURL, databasePath, ...(databaseUrl ? { databaseUrl } : {}) };
}
