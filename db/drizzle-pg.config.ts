import { defineConfig } from "drizzle-kit";

// The PostgreSQL migrations (issue 15), from the schema derived from schema.ts: run
// `npm run db:generate`, which makes both.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
