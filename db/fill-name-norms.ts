/**
 * Fills `users.name_norm` and `users.family_name_norm` where they are missing: rows that
 * existed when migration 0001 added the columns, whichever tool applied it (drizzle's
 * migrator, drizzle-kit, the sqlite3 shell). The values need JavaScript's Unicode case
 * folding (name-norms.ts), so code fills them, not the migration.
 *
 * openDatabase runs this after every migrate, so it must be cheap when nothing is missing:
 * the candidates are exactly the rows of the partial index users_name_norm_missing_idx,
 * empty once filled. Every writer sets both columns together, so a row with its name_norm
 * set never lacks its family_name_norm.
 */
import type Database from "better-sqlite3";
import { nameNormsOf } from "./name-norms";

/** The rows that may lack their norms; exported for the query-plan test. */
export const MAY_LACK_NAME_NORMS = `SELECT rowid, display_name, given_name, family_name, family_name_norm
  FROM users INDEXED BY users_name_norm_missing_idx
  WHERE name_norm IS NULL AND coalesce(display_name, given_name, family_name) IS NOT NULL`;

// The names are part of the key: the norms are a function of them, so a row another
// process changed or filled since it was read is left alone.
const FILL = `UPDATE users SET name_norm = ?, family_name_norm = ?
  WHERE rowid = ? AND name_norm IS NULL AND display_name IS ? AND given_name IS ? AND family_name IS ?`;

interface NameRow {
  rowid: number;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  family_name_norm: string | null;
}

/** Returns how many rows it wrote; takes the write lock only when some are missing. */
export function fillNameNorms(sqlite: Database.Database): number {
  const fills = (sqlite.prepare(MAY_LACK_NAME_NORMS).all() as NameRow[]).flatMap((row) => {
    const norms = nameNormsOf(row.display_name, row.given_name, row.family_name);
    // Names of whitespace only fold to no name: such a row is found but already right.
    if (norms.nameNorm === null && norms.familyNameNorm === row.family_name_norm) return [];
    return [[norms.nameNorm, norms.familyNameNorm, row.rowid, row.display_name, row.given_name, row.family_name]];
  });
  if (fills.length === 0) return 0;
  const fill = sqlite.prepare(FILL);
  return sqlite.transaction(() => fills.reduce((written, values) => written + fill.run(...values).changes, 0)).immediate();
}
