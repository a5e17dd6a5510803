/**
 * vitest globalSetup of the PostgreSQL run (vitest.postgres.config.ts): one throw-away server
 * for the whole run, and a template database migrated once, which every test database copies
 * (CREATE DATABASE … TEMPLATE: milliseconds, where migrating each would take a second).
 */
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
  try {
    const template = await openPostgres(await server.createDatabase(TEMPLATE_DATABASE), { migrate: true, migrationsFolder: PG_MIGRATIONS_FOLDER });
    await closeDatabase(template);
  } catch (error) {
    // A migration that fails must not leave the server running after the run.
    await server.stop();
    throw error;
  }
  project.provide("postgres", { url: server.url, template: TEMPLATE_DATABASE });
  return () => server.stop();
}
