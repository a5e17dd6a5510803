/**
 * The SQL fragments that differ between SQLite and PostgreSQL (issue 15), and nothing else:
 * every other statement is one text for both (db/sql.ts). A statement that needs one of these
 * is written once as a function of the dialect, and `bothEngines` builds its two texts at
 * module load, so the hot path still passes a constant:
 *
 *   const EXISTING_IDS = bothEngines((d) => `SELECT id FROM users WHERE id IN ${d.jsonTextValues("?")}`);
 *
 * SQL made per request (the SCIM filter compiler, the user list's WHERE) takes
 * `dialectOf(db.engine)` instead.
 */
import { LIMIT_OFFSET, type Engine, type EngineSql } from "./sql";

export interface Dialect {
  readonly engine: Engine;
  /**
   * `(SELECT value …)` of a JSON array of strings bound at `param`, for `x IN …`: one bound
   * list however long, so a statement is one prepared text whatever its list's length.
   */
  jsonTextValues(param: string): string;
  /** The same for a JSON array of integers (ids, rowids, times). */
  jsonIntegerValues(param: string): string;
  /**
   * A table of the elements of the JSON array bound at `param`, each as text in column `value`
   * (PostgreSQL's json_array_elements_text: jsonRowsTable's elements are json there).
   */
  jsonTextTable(param: string, alias?: string): string;
  /**
   * The elements of a JSON array of arrays bound at `param` as a table `alias` with columns
   * `value` (the element) and `key` (its position, for ORDER BY: 0-based on SQLite, 1-based on PostgreSQL); `jsonItem(alias, i)` reads one field.
   * With no alias, the columns are read as plain `value` and `key` (SQLite's bare json_each).
   */
  jsonRowsTable(param: string, alias?: string): string;
  /** Field `index` (0-based) of an element of jsonRowsTable, as text (null for JSON null). */
  jsonItem(alias: string, index: number): string;
  /** A 0/1 field of an element of jsonRowsTable as a condition: SQLite tests the number itself, PostgreSQL wants a boolean. */
  jsonItemIsTrue(alias: string, index: number): string;
  /**
   * A bound parameter PostgreSQL cannot type from where it stands (the select list of an
   * INSERT … SELECT with ORDER BY reads an untyped one as text); SQLite needs no cast.
   */
  typedParam(type: "bigint" | "text"): string;
  /**
   * What follows `ASC`/`DESC` in an ORDER BY so NULL sorts as the smallest value, as SQLite
   * always sorts it: PostgreSQL sorts it as the largest unless told.
   */
  nullsSmallest(direction: "ASC" | "DESC"): string;
  /**
   * `expr`'s JSON member at `path` (keys) as a number, or NULL, for arithmetic and comparisons
   * with numbers; `expr` is a JSON text column. PostgreSQL's `#>>` gives text, so it is cast.
   */
  jsonNumber(expr: string, ...path: string[]): string;
  /**
   * A JSON array text of one array per row, `[[a, b], …]`, "[]" when no row: the aggregate of
   * a correlated subquery.
   */
  jsonArrayAgg(...exprs: string[]): string;
  /** A JSON object text from `'key', value, …` pairs. */
  jsonObject(...pairs: string[]): string;
  /** The distinct values of `expr` joined with ",". */
  stringAggDistinct(expr: string): string;
  /** SQLite's index hint `INDEXED BY name` (its planner picks worse at 100,000 users, bench/); PostgreSQL plans for itself. */
  indexedBy(index: string): string;
  /** SQLite's unary `+`, which keeps its planner off an index for `expr`; PostgreSQL has no such hint. */
  unindexed(expr: string): string;
  /** The insertion order of a row of `table`: SQLite's rowid, PostgreSQL's row_seq (db/schema-pg.ts). */
  rowid(table: string): string;
  /**
   * What ends a correlated `EXISTS (…)` that should run once a row off its index. PostgreSQL
   * otherwise turns it into a hashed subplan or a hash anti-join over the whole inner table
   * (every group member: 10–30 ms a statement at 100,000 users, however few rows are tested);
   * `OFFSET 0` is its planner's documented fence (no EXISTS simplification past it). SQLite
   * always runs it a row at a time.
   */
  readonly perRowExists: string;
  /**
   * Leave the rows of a set out of a walk along an index: `rowid` not among `rowidsSql`'s, or
   * equally rows failing `rowTest` (the set's own condition, null-safe). SQLite builds
   * `NOT IN (…)` once a statement off a covering index and reads no row for it; PostgreSQL
   * hashes the whole set for every statement, so it tests the few rows a page walks instead.
   */
  excludeRows(rowid: string, rowidsSql: string, rowTest: string): string;
  /**
   * Whether any of `columns` contains `pattern` (a LIKE pattern with `\` as its escape), case
   * aside, and the parameters to bind. SQLite: one LIKE a column. PostgreSQL: one ILIKE over
   * the columns joined by U+0001, the text of a trigram index (db/migrations-pg/0006), so a
   * search reads that index instead of every row; the pattern holds no control character
   * (callers strip them), so a match never spans two columns.
   */
  containsText(columns: readonly string[], pattern: string): { sql: string; params: string[] };
  /** Case-insensitive LIKE: SQLite's LIKE already ignores ASCII case; PostgreSQL's ILIKE. */
  readonly like: string;
  /**
   * A condition that always holds, and one that never does: SQLite's 1 and 0, PostgreSQL's
   * booleans (its WHERE, AND and NOT take no integers).
   */
  readonly true: string;
  readonly false: string;
  /**
   * LIMIT_OFFSET (db/sql.ts) of this engine: PostgreSQL's INTEGER is 32 bits, and a SCIM
   * startIndex may be up to 2^53 (lib/scim/limits.ts); SQLite's is 64.
   */
  readonly limitOffset: string;
}

/** SQLite's json_each: one table-valued function for both kinds of element. */
const jsonEach = (param: string, alias?: string) => `json_each(${param})${alias ? ` AS ${alias}` : ""}`;

const sqlite: Dialect = {
  engine: "sqlite",
  jsonTextValues: (param) => `(SELECT value FROM json_each(${param}))`,
  jsonIntegerValues: (param) => `(SELECT value FROM json_each(${param}))`,
  jsonTextTable: jsonEach,
  jsonRowsTable: jsonEach,
  jsonItem: (alias, index) => `${alias}.value ->> ${index}`,
  jsonItemIsTrue: (alias, index) => `${alias}.value ->> ${index}`,
  typedParam: () => "?",
  nullsSmallest: () => "",
  jsonNumber: (expr, ...path) => `json_extract(${expr}, '$.${path.join(".")}')`,
  jsonArrayAgg: (...exprs) => `json_group_array(json_array(${exprs.join(", ")}))`,
  jsonObject: (...pairs) => `json_object(${pairs.join(", ")})`,
  stringAggDistinct: (expr) => `group_concat(DISTINCT ${expr})`,
  indexedBy: (index) => ` INDEXED BY ${index}`,
  unindexed: (expr) => `+${expr}`,
  rowid: (table) => `${table}.rowid`,
  perRowExists: "",
  excludeRows: (rowid, rowidsSql) => `${rowid} NOT IN (${rowidsSql})`,
  containsText: (columns, pattern) => ({
    sql: `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(" OR ")})`,
    params: columns.map(() => pattern),
  }),
  like: "LIKE",
  true: "1",
  false: "0",
  limitOffset: LIMIT_OFFSET,
};

const jsonPath = (path: string[]) => `'{${path.join(",")}}'`;

const postgres: Dialect = {
  engine: "postgres",
  jsonTextValues: (param) => `(SELECT value FROM json_array_elements_text(CAST(${param} AS json)))`,
  jsonIntegerValues: (param) => `(SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(${param} AS json)))`,
  jsonTextTable: (param, alias) => `json_array_elements_text(CAST(${param} AS json))${alias ? ` AS ${alias}(value)` : " AS value"}`,
  jsonRowsTable: (param, alias = "json_rows") => `json_array_elements(CAST(${param} AS json)) WITH ORDINALITY AS ${alias}(value, key)`,
  jsonItem: (alias, index) => `(${alias}.value ->> ${index})`,
  jsonItemIsTrue: (alias, index) => `(${alias}.value ->> ${index}) = '1'`,
  typedParam: (type) => `CAST(? AS ${type})`,
  nullsSmallest: (direction) => (direction === "ASC" ? " NULLS FIRST" : " NULLS LAST"),
  jsonNumber: (expr, ...path) => `CAST(CAST(${expr} AS jsonb) #>> ${jsonPath(path)} AS double precision)`,
  jsonArrayAgg: (...exprs) => `coalesce(CAST(json_agg(json_build_array(${exprs.join(", ")})) AS text), '[]')`,
  jsonObject: (...pairs) => `CAST(json_build_object(${pairs.join(", ")}) AS text)`,
  stringAggDistinct: (expr) => `string_agg(DISTINCT CAST(${expr} AS text), ',')`,
  indexedBy: () => "",
  unindexed: (expr) => expr,
  rowid: (table) => `${table}.row_seq`,
  perRowExists: " OFFSET 0",
  excludeRows: (_rowid, _rowidsSql, rowTest) => `NOT ${rowTest}`,
  containsText: (columns, pattern) => ({
    sql: `(${columns.map((c) => `coalesce(${c}, '')`).join(" || chr(1) || ")} ILIKE ? ESCAPE '\\')`,
    params: [pattern],
  }),
  like: "ILIKE",
  true: "TRUE",
  false: "FALSE",
  limitOffset: "LIMIT CAST(? AS bigint) OFFSET CAST(? AS bigint)",
};

export function dialectOf(engine: Engine): Dialect {
  return engine === "postgres" ? postgres : sqlite;
}

/** A statement's text for each engine, from one function of the dialect (see the file comment). */
export function bothEngines(build: (d: Dialect) => string): EngineSql {
  return { sqlite: build(sqlite), postgres: build(postgres) };
}
