import { z } from "zod";
import { inTransaction, LIMIT_OFFSET, type Db, type Engine, type SqlParam } from "@/db/client";
import { bothEngines, dialectOf, type Dialect } from "@/db/dialect";
import { ACTIVITY_KINDS, type Activity } from "@/db/schema";
import { csvLine } from "@/lib/csv";

export const listActivityQuerySchema = z.object({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  userId: z.string().min(1).optional(),
  /** "failed": SCIM requests with status ≥ 400; or one exact HTTP status. */
  status: z.union([z.literal("failed"), z.number().int().min(100).max(599)]).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  /**
   * Free text over actor, action, path, reason and the user's userName, email and display name.
   * Control characters are dropped: no one types them, and PostgreSQL searches the columns
   * joined by one (db/dialect.ts containsText).
   */
  search: z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .pipe(z.string().max(200))
    .optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export type ListActivityQuery = z.input<typeof listActivityQuerySchema>;

export interface ActivityPage {
  total: number;
  page: number;
  pageSize: number;
  entries: (Activity & { userName: string | null })[];
}

const FROM = "FROM activity a LEFT JOIN users u ON u.id = a.user_id";
const PAGE_ROWS_SQL = bothEngines((d) => `SELECT a.*, u.user_name ${FROM} WHERE a.id IN ${d.jsonIntegerValues("?")}`);

interface RawActivity {
  id: number;
  at: number;
  kind: Activity["kind"];
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  duration_ms: number | null;
  token_id: string | null;
  user_id: string | null;
  group_id: string | null;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  details: string | null;
  client_address: string | null;
  user_name: string | null;
}

function toEntry(r: RawActivity): ActivityPage["entries"][number] {
  return {
    id: r.id,
    at: r.at,
    kind: r.kind,
    actor: r.actor,
    action: r.action,
    method: r.method,
    path: r.path,
    status: r.status,
    durationMs: r.duration_ms,
    tokenId: r.token_id,
    userId: r.user_id,
    groupId: r.group_id,
    fromValue: r.from_value,
    toValue: r.to_value,
    reason: r.reason,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    clientAddress: r.client_address,
    userName: r.user_name,
  };
}

/** The columns a search reads: the entry's own, and its user's (through the users it finds). */
const ENTRY_SEARCH_COLUMNS = ["a.actor", "a.action", "a.path", "a.reason"];
const USER_SEARCH_COLUMNS = ["su.user_name", "su.email", "su.display_name"];

type ParsedQuery = z.output<typeof listActivityQuerySchema>;

interface SqlPart {
  sql: string;
  params: SqlParam[];
}

/**
 * The conditions of a query of the log but its search, and the search's two halves: the
 * entry's own columns, and `a.user_id IN` the users whose columns match (one pass over the
 * users, not a join on every entry). One source for the page, the count and the export, so
 * the CSV is the list on screen.
 */
function activityConditions(q: ParsedQuery, d: Dialect): { filters: SqlPart[]; search?: { entry: SqlPart; user: SqlPart } } {
  const filters: SqlPart[] = [];
  const add = (sql: string, ...params: SqlParam[]) => filters.push({ sql, params });
  if (q.kind) add("a.kind = ?", q.kind);
  if (q.userId) add("a.user_id = ?", q.userId);
  if (q.status === "failed") add("a.status >= 400");
  // A failure's code is among the failures of activity_failed_at_idx (the same text as its WHERE).
  else if (q.status !== undefined) add(q.status >= 400 ? `a.status >= 400 AND ${d.unindexed("a.status")} = ?` : `${d.unindexed("a.status")} = ?`, q.status);
  if (q.from !== undefined) add("a.at >= ?", q.from);
  if (q.to !== undefined) add("a.at < ?", q.to);
  if (!q.search) return { filters };
  const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const users = d.containsText(USER_SEARCH_COLUMNS, like);
  return {
    filters,
    search: {
      entry: d.containsText(ENTRY_SEARCH_COLUMNS, like),
      user: { sql: `a.user_id IN (SELECT su.id FROM users su WHERE ${users.sql})`, params: users.params },
    },
  };
}

function whereOf(parts: readonly SqlPart[]): { clause: string; params: SqlParam[] } {
  if (parts.length === 0) return { clause: "", params: [] };
  return { clause: `WHERE ${parts.map((p) => p.sql).join(" AND ")}`, params: parts.flatMap((p) => p.params) };
}

/** The WHERE clause of a query of the log (a search: either half), and its parameters. */
function activityWhere(q: ParsedQuery, d: Dialect): { clause: string; params: SqlParam[] } {
  const { filters, search } = activityConditions(q, d);
  if (!search) return whereOf(filters);
  return whereOf([...filters, { sql: `(${search.entry.sql} OR ${search.user.sql})`, params: [...search.entry.params, ...search.user.params] }]);
}

/**
 * The number of entries `q` matches. Kind and status alone (the whole log, SCIM failures, one
 * kind): the trigger-kept `activity:<kind>:<status>` counters (migration 0010), a few rows
 * added up instead of a million entries counted; otherwise a count over the filter's index.
 */
async function countActivity(db: Db, q: ParsedQuery): Promise<number> {
  if (q.userId === undefined && q.from === undefined && q.to === undefined && !q.search) {
    const rows = await db.rows<{ name: string; value: number }>(
      "SELECT name, value FROM counters WHERE name >= 'activity:' AND name < 'activity;'",
    );
    let n = 0;
    for (const { name, value } of rows) {
      const [, kind, statusText = ""] = name.split(":");
      const status = statusText === "" ? null : Number(statusText);
      if (q.kind !== undefined && kind !== q.kind) continue;
      if (q.status === "failed" ? status === null || status < 400 : q.status !== undefined && status !== q.status) continue;
      n += value;
    }
    return n;
  }
  const { sql, params } = activityCountSql(q, db.engine);
  return (await db.row<{ n: number }>(sql, ...params))!.n;
}

/** The count of the entries `query` matches, as one statement (exported for the plans' tests). */
export function activityCountSql(query: ListActivityQuery, engine: Engine): SqlPart {
  const { filters, search } = activityConditions(listActivityQuerySchema.parse(query), dialectOf(engine));
  if (!search) {
    const { clause, params } = whereOf(filters);
    return { sql: `SELECT count(*) AS n FROM activity a ${clause}`, params };
  }
  // A search counts its halves' union: each reads its own index (on PostgreSQL, the entries'
  // trigram index; activity_user_at_idx for the users' entries), where their OR reads every entry.
  const entry = whereOf([...filters, search.entry]);
  const user = whereOf([...filters, search.user]);
  return {
    sql: `SELECT count(*) AS n FROM (SELECT a.id FROM activity a ${entry.clause} UNION SELECT a.id FROM activity a ${user.clause}) AS matches`,
    params: [...entry.params, ...user.params],
  };
}

/** The SELECT of a page's ids, newest first or `backwards` (oldest first), without LIMIT (exported for the plans' tests). */
export function activityPageIdsSql(query: ListActivityQuery, backwards: boolean, engine: Engine): SqlPart {
  const { clause, params } = activityWhere(listActivityQuerySchema.parse(query), dialectOf(engine));
  const order = backwards ? "ORDER BY a.at ASC, a.id ASC" : "ORDER BY a.at DESC, a.id DESC";
  return { sql: `SELECT a.id FROM activity a ${clause} ${order}`, params };
}

/**
 * docs/product.md §7: the activity log, newest first, searchable and paginated. A page is read
 * in two steps (a deferred join): its ids off the filter's index in (at, id) order, then those
 * entries with their user's name; a page in the older half is read from the oldest end, so
 * the last page skips as few entries as the first (issue 13: 1.4 s at a million entries).
 */
export async function listActivity(db: Db, query: ListActivityQuery): Promise<ActivityPage> {
  const q = listActivityQuerySchema.parse(query);
  // One snapshot for the total and the page: the backwards read counts from the total.
  return inTransaction(db, async (tx) => {
    const total = await countActivity(tx, q);
    const offset = (q.page - 1) * q.pageSize;
    const limit = Math.min(q.pageSize, total - offset);
    if (limit <= 0) return { total, page: q.page, pageSize: q.pageSize, entries: [] };
    const backwards = offset + limit / 2 > total / 2;
    const { sql, params } = activityPageIdsSql(q, backwards, tx.engine);
    const ids = (await tx
      .rows<{ id: number }>(`${sql} ${LIMIT_OFFSET}`, ...params, limit, backwards ? total - offset - limit : offset))
      .map((r) => r.id);
    if (backwards) ids.reverse();
    const rows = await tx.rows<RawActivity>(PAGE_ROWS_SQL, JSON.stringify(ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const entries = ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toEntry(row)] : [];
    });
    return { total, page: q.page, pageSize: q.pageSize, entries };
  }, "deferred");
}

const CSV_HEADER = ["Time (UTC)", "Kind", "By", "Action", "User", "Method", "Path", "Status", "Duration (ms)", "From", "To", "Reason", "Client address", "Details"];

/**
 * Every entry the Activity page's filters match, newest first, as CSV (RFC 4180), produced row
 * by row from one SQLite cursor: a million entries stream without being held in memory.
 * Run it on a connection of its own (adminStreamRoute gives one): the cursor stays open
 * while the client reads.
 */
export async function* exportActivityCsv(db: Db, query: Omit<ListActivityQuery, "page" | "pageSize">): AsyncGenerator<string> {
  const q = listActivityQuerySchema.parse(query);
  const { clause, params } = activityWhere(q, dialectOf(db.engine));
  yield `\uFEFF${csvLine(CSV_HEADER)}`;
  const rows = db.iterate<RawActivity>(`SELECT a.*, u.user_name ${FROM} ${clause} ORDER BY a.at DESC, a.id DESC`, ...params);
  for await (const r of rows) {
    yield csvLine([
      new Date(r.at).toISOString(),
      r.kind,
      r.actor,
      r.action,
      r.user_name,
      r.method,
      r.path,
      r.status === null ? null : String(r.status),
      r.duration_ms === null ? null : String(r.duration_ms),
      r.from_value,
      r.to_value,
      r.reason,
      r.client_address,
      r.details,
    ]);
  }
}
