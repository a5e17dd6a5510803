import type { Db } from "@/db/client";
import { getDb } from "@/server/db";

/** Who the activity log names for changes made through the CLI (SPEC §7). */
export const ACTOR = "operator (CLI)";

/**
 * The database at DATABASE_PATH, opened (and migrated) on first use, so `--help` and
 * usage errors never touch it. Nothing is cached above it: every command reads and writes
 * the file, and the running server sees the change on its next query (WAL).
 */
export const cliDb = (): Db => getDb();
