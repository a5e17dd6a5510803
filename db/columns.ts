/**
 * Select lists and row mapping derived from the schema, for raw SQL through the Sql seam
 * (db/client.ts): `SELECT ${users$.list} FROM users` gives rows keyed like `User`
 * ($inferSelect), and `users$.map(row)` turns the few stored forms that differ from the
 * TypeScript ones (0/1 flags, JSON text) into them, as drizzle's own mapping did. One place,
 * so no data function spells out a table's columns or its conversions.
 */
import { getTableColumns, type Column, type InferSelectModel, type Table } from "drizzle-orm";

export interface TableColumns<T extends Table> {
  /** `id AS "id", user_name AS "userName", …` (or `u.id AS "id", …` with a prefix). */
  readonly list: string;
  /** The row as `$inferSelect`; the same object, converted in place where a column needs it. */
  map(row: Record<string, unknown>): InferSelectModel<T>;
  /** Like `map`, for a row that may be missing. */
  mapOptional(row: Record<string, unknown> | undefined): InferSelectModel<T> | undefined;
  /** A value as stored: a flag as 0/1, JSON as text; others as they are. */
  toStored(key: keyof InferSelectModel<T> & string, value: unknown): unknown;
}

function needsMapping(column: Column): boolean {
  return column.columnType === "SQLiteBoolean" || column.columnType === "SQLiteTextJson";
}

/** Columns of `table`, optionally prefixed by a table alias (`u` → `u.user_name AS "userName"`). */
export function columnsOf<T extends Table>(table: T, prefix?: string): TableColumns<T> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const qualifier = prefix ? `${prefix}.` : "";
  const list = columns.map(([key, column]) => `${qualifier}${column.name} AS "${key}"`).join(", ");
  const mapped = columns.filter(([, column]) => needsMapping(column));
  const byKey = new Map(columns);
  const map = (row: Record<string, unknown>) => {
    for (const [key, column] of mapped) {
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
  return {
    list,
    map,
    mapOptional: (row) => (row === undefined ? undefined : map(row)),
    toStored(key, value) {
      const column = byKey.get(key);
      if (!column) throw new Error(`No column ${key} in ${table._.name}`);
      return value === null || value === undefined || !needsMapping(column) ? value : column.mapToDriverValue(value);
    },
  };
}
