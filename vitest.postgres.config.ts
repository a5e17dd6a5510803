import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The whole suite again on PostgreSQL (issue 15; `npm test` runs both): every
 * openTestDatabase is a database of one throw-away PostgreSQL server. Files about SQLite
 * itself (its migrations, WAL, files) run in the SQLite run only; tests inside other files
 * that are about SQLite say so with `it.skipIf(onPostgres)` (db/testing/engine.ts).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ["db/testing/postgres-global-setup.ts"],
      setupFiles: ["db/testing/strict-handles.ts", "db/testing/postgres-setup.ts"],
      exclude: ["db/migrations.test.ts", "db/fill-name-norms.test.ts", "server/wal-checkpointer.test.ts", "node_modules/**"],
    },
  }),
);
