/**
 * vitest globalSetup of the PostgreSQL run (vitest.postgres.config.ts): one throw-away server
 * for the whole run, and a template database migrated once, which every test database copies
 * (CREATE DATABASE … TEMPLATE: milliseconds, where migrating each would take a second).
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { PG_MIGRATIONS_FOLDER } from "../client";
import { openPostgres } from "../postgres";
import { closeDatabase } from "../sql";
import { startTestPostgres } from "./postgres-server";

export const TEMPLATE_DATABASE = "admin_center_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throw-away server's URL of its `postgres` database, and the template to copy. */
    postgres: { url: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await openPostgres(server.urlOf(TEMPLATE_DATABASE), { migrate: true, migrationsFolder: PG_MIGRATIONS_FOLDER });
  await closeDatabase(template);
  project.provide("postgres", { url: server.url, template: TEMPLATE_DATABASE });
  return () => server.stop();
}
