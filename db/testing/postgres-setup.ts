/**
 * vitest setupFiles of the PostgreSQL run: openTestDatabase gives each test a database of
 * its own, copied from the migrated template (postgres-global-setup.ts). Its pool is small
 * and lets idle connections go at once: a run makes about a thousand databases.
 */
import pg from "pg";
import { inject } from "vitest";
import { setTestDatabaseFactory } from "../client";
import { openPostgres } from "../postgres";

const { url, template } = inject("postgres");
const admin = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 1_000 });
let made = 0;

setTestDatabaseFactory(async () => {
  const name = `test_${process.pid}_${++made}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openPostgres(target.toString(), { max: 3, idleTimeoutMillis: 200 });
});
