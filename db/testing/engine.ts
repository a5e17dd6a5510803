/**
 * Which database this run of the suite is on (vitest.postgres.config.ts runs it again on
 * PostgreSQL). A test about SQLite itself (its files, WAL, planner) says so with
 * `it.skipIf(onPostgres)`; one about PostgreSQL with `it.runIf(onPostgres)`.
 */
import { testDatabaseEngine } from "../client";

export const onPostgres = testDatabaseEngine() === "postgres";
