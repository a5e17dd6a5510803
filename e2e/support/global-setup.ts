import type { FullConfig } from "@playwright/test";
import { buildIfStale, startServer } from "./server";
import { SUITE_ENV } from "./suite";

/**
 * Builds if needed, starts the server with a fresh database, and hands its address to the
 * specs through the environment. The returned function is Playwright's global teardown.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  // A server you started yourself (e.g. `npm run dev` while iterating): give both variables.
  if (process.env[SUITE_ENV.baseURL] && process.env[SUITE_ENV.databasePath]) {
    console.log(`[e2e] Using the running server at ${process.env[SUITE_ENV.baseURL]}.`);
    return;
  }
  const started = Date.now();
  buildIfStale();
  const server = await startServer();
  process.env[SUITE_ENV.baseURL] = server.baseURL;
  process.env[SUITE_ENV.databasePath] = server.databasePath;
  console.log(
    `[e2e] Server on ${server.baseURL} (database ${server.databasePath}, log ${server.logPath}); ready after ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
  // If the runner dies without teardown, do not leave the server behind.
  const onExit = () => void server.stop();
  process.once("exit", onExit);
  return async () => {
    process.off("exit", onExit);
    await server.stop();
  };
}
