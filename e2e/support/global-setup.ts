import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FullConfig } from "@playwright/test";
import { startTestPostgres, type TestPostgres } from "../../db/testing/postgres-server";
import { DNS_ENV, startE2eDnsServer } from "./dns";
import { buildIfStale, startServer } from "./server";
import { SUITE_ENV } from "./suite";

/**
 * Builds if needed, starts the local DNS server and the app server (fresh database, DNS
 * pointed at the local server), and hands their addresses to the specs through the
 * environment. The returned function is Playwright's global teardown. With E2E_POSTGRES=1
 * (e2e/playwright.postgres.config.ts) the server runs on a throw-away PostgreSQL server
 * instead of its SQLite file.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  // A server you started yourself (e.g. `npm run dev` while iterating): give both variables.
  if (process.env[SUITE_ENV.baseURL] && process.env[SUITE_ENV.databasePath]) {
    console.log(`[e2e] Using the running server at ${process.env[SUITE_ENV.baseURL]}.`);
    return;
  }
  const started = Date.now();
  buildIfStale();
  const dnsDir = mkdtempSync(join(tmpdir(), "admin-center-e2e-dns-"));
  const dns = await startE2eDnsServer(dnsDir);
  let server;
  let postgres: TestPostgres | undefined;
  try {
    postgres = process.env.E2E_POSTGRES === "1" ? await startTestPostgres() : undefined;
    const databaseUrl = postgres ? await postgres.createDatabase("admin_center_e2e") : undefined;
    server = await startServer({ dnsServers: dns.address, ...(databaseUrl ? { databaseUrl } : {}) });
  } catch (error) {
    await postgres?.stop();
    await dns.close();
    rmSync(dnsDir, { recursive: true, force: true });
    throw error;
  }
  process.env[SUITE_ENV.baseURL] = server.baseURL;
  process.env[SUITE_ENV.databasePath] = server.databasePath;
  if (server.databaseUrl) process.env[SUITE_ENV.databaseUrl] = server.databaseUrl;
  // Workers inherit these: specs publish records (support/dns.ts), and the operator CLI
  // they run (`domain verify`) asks the same DNS server as the app.
  process.env[DNS_ENV.records] = dns.recordsPath;
  process.env[DNS_ENV.server] = dns.address;
  process.env.DNS_SERVERS = dns.address;
  console.log(
    `[e2e] Server on ${server.baseURL} (database ${server.databaseUrl ?? server.databasePath}, log ${server.logPath}), DNS on ${dns.address}; ready after ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
  const stopAll = async () => {
    await server.stop();
    await postgres?.stop();
    await dns.close();
    rmSync(dnsDir, { recursive: true, force: true });
  };
  // If the runner dies without teardown, do not leave the server behind.
  const onExit = () => void server.stop();
  process.once("exit", onExit);
  return async () => {
    process.off("exit", onExit);
    await stopAll();
  };
}
