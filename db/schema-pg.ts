/**
 * The PostgreSQL schema, derived from the SQLite one (schema.ts) when loaded, so the two
 * cannot drift: the same tables, columns, keys, indexes and checks under the same names
 * (issue 15). drizzle-kit reads this file for the PostgreSQL migrations
 * (db/drizzle-pg.config.ts). The types differ only where PostgreSQL needs it:
 * - integer times are milliseconds since the epoch, past 2^31: `bigint` (read back as
 *   numbers, db/postgres.ts), and so is every other integer, which costs nothing here;
 * - flags stay 0/1 integers, so SQL comparing them (`pending_override = 1`) is the same text
 *   on both databases; JSON stays text, read and written by the same code (db/columns.ts);
 * - AUTOINCREMENT keys become identity columns;
 * - `row_seq` stands in for SQLite's rowid where SQL orders by insertion (the unfiltered
 *   SCIM lists, lib/users/visible-user-ranks.ts; a group's members; db/dialect.ts rowid):
 *   PostgreSQL rows have no stable insertion order. Each is an identity column with a
 *   unique index.
 */
import { getTableColumns, is, SQL, sql, type Column } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTable,
} from "drizzle-orm/pg-core";
import { getTableConfig, SQLiteTable, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as sqliteSchema from "./schema";

const pgNow = sql`((extract(epoch from clock_timestamp()) * 1000)::bigint)`;

/**
 * INTEGER columns of SQLite that hold fractions (SQLite keeps a REAL in an INTEGER column), as
 * `table.column`: the SCIM log's durations, to a hundredth of a millisecond (lib/scim/handler.ts).
 * A webhook attempt's are whole milliseconds (lib/webhooks/post-webhook.ts).
 */
const FRACTIONAL_COLUMNS = new Set(["activity.duration_ms"]);

/** The tables with a `row_seq` (see the file comment). */
const ROW_SEQ_TABLES = new Set(["users", "groups", "group_members"]);

const tables = new Map<SQLiteTable, PgTable>();

/** The builder methods used here; the tables are built from data, so their column types are too. */
interface Builder extends PgColumnBuilderBase {
  primaryKey(): Builder;
  notNull(): Builder;
  default(value: unknown): Builder;
  references(ref: () => Column, actions: { onDelete?: string }): Builder;
  generatedByDefaultAsIdentity(): Builder;
}

function columnFor(table: string, column: SQLiteColumn): Builder {
  const enumValues = column.enumValues as [string, ...string[]] | undefined;
  let builder: Builder;
  switch (column.columnType) {
    case "SQLiteText":
      builder = enumValues?.length ? (text(column.name, { enum: enumValues }) as unknown as Builder) : (text(column.name) as unknown as Builder);
      break;
    case "SQLiteTextJson":
      builder = text(column.name) as unknown as Builder;
      break;
    case "SQLiteBoolean":
      builder = integer(column.name) as unknown as Builder;
      break;
    case "SQLiteInteger":
      builder = (FRACTIONAL_COLUMNS.has(`${table}.${column.name}`)
        ? doublePrecision(column.name)
        : bigint(column.name, { mode: "number" })) as unknown as Builder;
      break;
    default:
      throw new Error(`schema-pg: no PostgreSQL type for ${column.columnType} (${column.name})`);
  }
  if ((column as SQLiteColumn & { autoIncrement?: boolean }).autoIncrement) {
    return builder.primaryKey().generatedByDefaultAsIdentity();
  }
  if (column.primary) builder = builder.primaryKey();
  if (column.notNull && !column.primary) builder = builder.notNull();
  if (column.hasDefault && column.default !== undefined) {
    const value = column.default;
    if (value === sqliteSchema.now) builder = builder.default(pgNow);
    else if (is(value, SQL)) builder = builder.default(value);
    else if (typeof value === "boolean") builder = builder.default(value ? 1 : 0);
    else builder = builder.default(value);
  }
  return builder;
}

function pgTableFor(source: SQLiteTable): PgTable {
  const existing = tables.get(source);
  if (existing) return existing;
  const config = getTableConfig(source);
  const columns = getTableColumns(source) as Record<string, SQLiteColumn>;
  const builders: Record<string, PgColumnBuilderBase> = {};
  for (const [key, column] of Object.entries(columns)) {
    let builder = columnFor(config.name, column);
    const foreignKey = config.foreignKeys.find((fk) => fk.reference().columns.length === 1 && fk.reference().columns[0] === column);
    if (foreignKey) {
      const reference = foreignKey.reference();
      const target = reference.foreignColumns[0]!;
      const targetKey = Object.entries(getTableColumns(target.table)).find(([, c]) => c === target)![0];
      const onDelete = foreignKey.onDelete;
      builder = builder.references(
        () => (getTableColumns(pgTableFor(target.table as SQLiteTable)) as Record<string, Column>)[targetKey]!,
        onDelete ? { onDelete } : {},
      );
    }
    builders[key] = builder;
  }
  const rowSeq = ROW_SEQ_TABLES.has(config.name);
  if (rowSeq) builders.rowSeq = bigint("row_seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity();
  const keyOf = (column: Column) => Object.entries(columns).find(([, c]) => c === column)![0];
  const table = pgTable(config.name, builders, (t) => {
    const byKey = t as unknown as Record<string, Column>;
    const on = (parts: (Column | SQL)[]) => parts.map((part) => (is(part, SQL) ? part : byKey[keyOf(part as Column)]!)) as [never, ...never[]];
    return [
      ...config.primaryKeys.map((pk) => primaryKey({ columns: on(pk.columns) as never })),
      ...config.indexes.map((ix) => {
        const made = (ix.config.unique ? uniqueIndex(ix.config.name) : index(ix.config.name)).on(...on(ix.config.columns as (Column | SQL)[]));
        return ix.config.where ? made.where(ix.config.where) : made;
      }),
      ...config.checks.map((c) => check(c.name, c.value)),
      ...(rowSeq ? [uniqueIndex(`${config.name}_row_seq_idx`).on(byKey.rowSeq as never)] : []),
    ];
  });
  tables.set(source, table);
  return table;
}

/** Every table of schema.ts, as PostgreSQL tables under the same export names. */
export const pgSchema: Record<string, PgTable> = Object.fromEntries(
  Object.entries(sqliteSchema)
    .filter(([, value]) => is(value, SQLiteTable))
    .map(([name, table]) => [name, pgTableFor(table as SQLiteTable)]),
);

// drizzle-kit finds tables among a module's own exports, one name each.
export const { plan, admins, sessions, signInThrottles, domains, scimTokens, users, userEmails, groups, groupMembers, groupRoleMappings, activity, activityHours, seatSnapshots, counters, ssoConnection, ssoRequests, ssoReplay, sheets, bulkJobs, heldChanges, breakerTrips, breakerWindow, adoptionRequests, scimBodies, webhookEndpoints, webhookDeliveries, webhookAttempts, alerts } = pgSchema as Record<string, PgTable>;
