import { getTableColumns, getTableName, type InferInsertModel, type InferSelectModel, type Table } from "drizzle-orm";
import type { Db, SqlParam } from "@/db/client";
import { columnsOf, type TableColumns } from "@/db/columns";

const columnsByTable = new WeakMap<Table, TableColumns<Table>>();

function columnsFor<T extends Table>(table: T): TableColumns<T> {
  let columns = columnsByTable.get(table);
  if (!columns) {
    columns = columnsOf(table as Table);
    columnsByTable.set(table, columns);
  }
  return columns as unknown as TableColumns<T>;
}

/**
 * For tests: a table's rows as its `$inferSelect` type (flags and JSON converted), every
 * row or those matching `where` (SQL with `?` placeholders), in the table's own order.
 */
export async function selectRows<T extends Table>(db: Db, table: T, where?: string, ...params: SqlParam[]): Promise<InferSelectModel<T>[]> {
  const columns = columnsFor(table);
  const text = `SELECT ${columns.list} FROM ${getTableName(table)}${where === undefined ? "" : ` WHERE ${where}`}`;
  return (await db.rows(text, ...params)).map((row) => columns.map(row));
}

/** The first row of `table` that matches `where`, or undefined. */
export async function selectRow<T extends Table>(db: Db, table: T, where?: string, ...params: SqlParam[]): Promise<InferSelectModel<T> | undefined> {
  return (await selectRows(db, table, where, ...params))[0];
}

/** Inserts rows keyed like the table's type; columns a row leaves out get the table's defaults. */
export async function insertRows<T extends Table>(db: Db, table: T, rows: InferInsertModel<T>[]): Promise<void> {
  const names = getTableColumns(table);
  const columns = columnsFor(table);
  for (const row of rows) {
    const keys = Object.keys(row).filter((key) => (row as Record<string, unknown>)[key] !== undefined);
    await db.execute(
      `INSERT INTO ${getTableName(table)} (${keys.map((key) => names[key]!.name).join(", ")}) VALUES (${keys.map(() => "?").join(", ")})`,
      ...keys.map((key) => columns.toStored(key as never, (row as Record<string, unknown>)[key]) as SqlParam),
    );
  }
}
