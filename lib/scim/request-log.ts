/**
 * docs/product.md §7 wants every SCIM request in the activity log and §6 a token's last-used time.
 *
 * Writes that succeeded are logged in their own transaction (`recordNow`): an answered
 * write must never lose its audit entry to a crash. Everything else (reads, failures) and
 * the last-used times are kept in memory and written in one transaction per flush (the
 * server flushes every few hundred milliseconds and on shutdown; a full buffer flushes at
 * once), because a database write per read would halve the hot path's throughput.
 *
 * Requests without a valid token are the attacker's lever on the log's size, so their
 * paths and details are truncated, and identical failures (same client address, status
 * and token state; for a valid token, its refused queries and rate limits by token, status
 * and scimType) within FOLD_WINDOW_MS are logged one by one only up to FOLD_AFTER;
 * the rest of the window's fold into one row whose `details.count` grows (`details.lastAt`
 * the newest of them). The path is left out of "identical" on purpose: a flood varies it.
 *
 * Each row also gets its request's and answer's bodies in scim_bodies (issue 14 §3), redacted
 * and capped at record time (lib/activity/scim-body.ts) so the buffer never holds a whole
 * 100-user page, and written by the same prepared batch as the row. A folded failure adds no
 * body: its row keeps the first one's.
 */
import { inTransaction, type Db } from "@/db/client";
import { keepScimBodies, type KeptBody } from "@/lib/activity/scim-body";

/** Longest path kept in a log row: a real SCIM path is under 200 characters; a 16 KB target is an attack or a bug, and its first 512 characters are enough to tell which. */
export const MAX_LOGGED_PATH_CHARS = 512;
/** Longest error detail kept: our own details are under 300 characters, but some quote the client's input. */
export const MAX_LOGGED_DETAIL_CHARS = 1024;
/** Identical failures without a valid token within this window share one row (a flood is one entry a minute per client and kind, not one per request). */
export const FOLD_WINDOW_MS = 60_000;
/** Ignored attribute names kept per entry, and characters per name: the names come from the IdP's mapping (a few, short); a body can hold thousands. */
export const MAX_LOGGED_IGNORED_ATTRIBUTES = 50;
export const MAX_LOGGED_ATTRIBUTE_CHARS = 128;
/** Identical failures in a window logged as rows of their own before the rest fold: an admin sees exact examples (a mistyped token in the IdP shows as it is), a flood costs six rows a minute per client and kind. */
export const FOLD_AFTER = 5;
/** Fold keys remembered at most; past it, expired ones are dropped (or all, under a spread attack). */
const MAX_FOLDS = 1_000;

export interface ScimRequestEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  tokenId: string | null;
  tokenName: string | null;
  userId?: string | null;
  groupId?: string | null;
  /** The error detail for a failed request (never the token). */
  detail?: string;
  clientAddress?: string | null;
  /** Attributes of the body the service ignored (issue 11, item 17), for the admin to see. */
  ignoredAttributes?: string[] | undefined;
  /** Set for failures without a valid token, and a token's refused queries and rate limits: entries with the same key fold into one row. */
  foldKey?: string;
  /** What the client sent: the JSON body of a write, the query string of a read (never a header). */
  requestBody?: string | undefined;
  /** What the service answered, the string already sent. */
  responseBody?: string | undefined;
}

export interface RequestLog {
  /** Buffers the entry; written at the next flush. */
  record(entry: ScimRequestEntry): void;
  /** Writes the entry now, in the request's own transaction (`tx`). */
  recordNow(tx: Db, entry: ScimRequestEntry): Promise<void>;
  touchToken(tokenId: string, at: number): void;
  /** Writes what is pending; returns how many rows were written. */
  flush(): Promise<number>;
}

// One fixed INSERT per entry rather than drizzle's query builder (recordActivities):
// building the multi-row statement cost more CPU than SQLite's inserts (bench/: about 5%
// of the existence check's server time went to drizzle's SQL building at flush).
const INSERT_REQUEST = `INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms,
    token_id, user_id, group_id, reason, details, client_address)
  VALUES (?, 'scim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** RETURNING only where the id is needed (the bodies' key, a fold's row): portable, unlike lastInsertRowid. */
const INSERT_REQUEST_RETURNING_ID = `${INSERT_REQUEST} RETURNING id`;

/** The activity row of one request, in INSERT_REQUEST's parameter order. */
type PendingRow = [
  at: number,
  actor: string,
  action: string,
  method: string,
  path: string,
  status: number,
  durationMs: number,
  tokenId: string | null,
  userId: string | null,
  groupId: string | null,
  reason: string | null,
  details: string | null,
  clientAddress: string | null,
];

const DETAILS = 11;

const INSERT_BODIES = `INSERT INTO scim_bodies (activity_id, request, response, request_truncated, response_truncated)
  VALUES (?, ?, ?, ?, ?)`;

interface Bodies {
  request: KeptBody | null;
  response: KeptBody | null;
}

/** A row waiting for the next flush, with its bodies and, when it opened one, its fold. */
interface Pending {
  row: PendingRow;
  bodies: Bodies | null;
  fold: Fold | undefined;
}

interface Fold {
  lastAt: number;
  count: number;
  /** The row's id once written. */
  id: number | undefined;
}

/** One fold key's current window. */
interface FoldWindow {
  firstAt: number;
  /** Rows of their own written in this window so far (up to FOLD_AFTER). */
  singles: number;
  fold: Fold | undefined;
}

/** What a token's rows repeat, made once per token name (a plan has a token or two; bounded, the names are the admin's). */
interface TokenStrings {
  details: string;
  actor: string;
}

const tokenStrings = new Map<string, TokenStrings>();

function stringsOf(tokenName: string): TokenStrings {
  let strings = tokenStrings.get(tokenName);
  if (strings === undefined) {
    if (tokenStrings.size >= 16) tokenStrings.clear();
    strings = { details: JSON.stringify({ token: tokenName }), actor: `SCIM token '${tokenName}'` };
    tokenStrings.set(tokenName, strings);
  }
  return strings;
}

const ACTIONS: Record<string, string> = { GET: "scim.get", POST: "scim.post", PUT: "scim.put", PATCH: "scim.patch", DELETE: "scim.delete" };
const actionOf = (method: string): string => ACTIONS[method] ?? `scim.${method.toLowerCase()}`;

/** Cuts `text` to `max` characters (the last one an ellipsis), never inside a surrogate pair. */
export function truncateForLog(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function detailsOfEntry(entry: ScimRequestEntry): string | null {
  const ignored = entry.ignoredAttributes;
  if (!ignored || ignored.length === 0) return entry.tokenName ? stringsOf(entry.tokenName).details : null;
  const names = ignored.slice(0, MAX_LOGGED_IGNORED_ATTRIBUTES).map((n) => truncateForLog(n, MAX_LOGGED_ATTRIBUTE_CHARS));
  return JSON.stringify({
    ...(entry.tokenName ? { token: entry.tokenName } : {}),
    ignoredAttributes: names,
    ...(ignored.length > names.length ? { ignoredAttributesLeftOut: ignored.length - names.length } : {}),
  });
}

function rowOf(entry: ScimRequestEntry): PendingRow {
  return [
    entry.at,
    entry.tokenName ? stringsOf(entry.tokenName).actor : "unauthenticated",
    actionOf(entry.method),
    entry.method,
    truncateForLog(entry.path, MAX_LOGGED_PATH_CHARS),
    entry.status,
    entry.durationMs,
    entry.tokenId,
    entry.userId ?? null,
    entry.groupId ?? null,
    entry.detail === undefined ? null : truncateForLog(entry.detail, MAX_LOGGED_DETAIL_CHARS),
    detailsOfEntry(entry),
    entry.clientAddress ?? null,
  ];
}

function bodiesOf(entry: ScimRequestEntry): Bodies | null {
  if (entry.requestBody === undefined && entry.responseBody === undefined) return null;
  const kept = keepScimBodies(entry.requestBody, entry.responseBody);
  return kept.request === null && kept.response === null ? null : kept;
}

/** The row and its bodies; the row's id, when it has bodies or `wantId` (a fold's row, updated later). */
async function insertRow(tx: Db, row: PendingRow, bodies: Bodies | null, wantId: boolean): Promise<number | undefined> {
  if (!bodies && !wantId) {
    await tx.execute(INSERT_REQUEST, ...row);
    return undefined;
  }
  const { id } = (await tx.row<{ id: number }>(INSERT_REQUEST_RETURNING_ID, ...row))!;
  if (bodies) await writeBodies(tx, id, bodies);
  return id;
}

/**
 * PostgreSQL: every row and its bodies in one statement. There each statement is a round trip
 * and a socket write (about 50 µs of the server's CPU here, bench/), and a flush of a second's
 * reads wrote two a request; SQLite runs the cached single-row INSERTs in process, where they
 * cost less than building one long statement would. The ids come from the rows' sequence in
 * the rows' order (the log is read in id order), and are returned in it.
 */
const INSERT_REQUESTS_AT_ONCE = `WITH input AS (
    SELECT nextval('activity_id_seq') AS id, r.*
    FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (at bigint, actor text, action text, method text, path text,
      status bigint, duration_ms double precision, token_id text, user_id text, group_id text, reason text, details text,
      client_address text, bodies boolean, request text, response text, request_truncated bigint, response_truncated bigint))
      WITH ORDINALITY AS r(at, actor, action, method, path, status, duration_ms, token_id, user_id, group_id, reason, details,
        client_address, bodies, request, response, request_truncated, response_truncated, position)
    ORDER BY r.position
  ), requests AS (
    INSERT INTO activity (id, at, kind, actor, action, method, path, status, duration_ms, token_id, user_id, group_id, reason, details, client_address)
    SELECT id, at, 'scim', actor, action, method, path, status, duration_ms, token_id, user_id, group_id, reason, details, client_address
    FROM input ORDER BY position
  ), kept AS (
    INSERT INTO scim_bodies (activity_id, request, response, request_truncated, response_truncated)
    SELECT id, request, response, request_truncated, response_truncated FROM input WHERE bodies
  )
  SELECT id FROM input ORDER BY position`;

/** Rows a statement of INSERT_REQUESTS_AT_ONCE: a bounded parameter (a body is capped at record time). */
const ROWS_AT_ONCE = 500;

async function insertRowsAtOnce(tx: Db, items: readonly { row: PendingRow; bodies: Bodies | null }[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < items.length; start += ROWS_AT_ONCE) {
    const records = items.slice(start, start + ROWS_AT_ONCE).map(({ row, bodies }) => ({
      at: row[0], actor: row[1], action: row[2], method: row[3], path: row[4], status: row[5], duration_ms: row[6],
      token_id: row[7], user_id: row[8], group_id: row[9], reason: row[10], details: row[11], client_address: row[12],
      bodies: bodies !== null,
      request: bodies?.request?.text ?? null,
      response: bodies?.response?.text ?? null,
      request_truncated: bodies?.request?.truncated ?? 0,
      response_truncated: bodies?.response?.truncated ?? 0,
    }));
    for (const { id } of await tx.rows<{ id: number }>(INSERT_REQUESTS_AT_ONCE, JSON.stringify(records))) ids.push(id);
  }
  return ids;
}

async function writeBodies(db: Db, activityId: number, bodies: Bodies): Promise<void> {
  await db.execute(
    INSERT_BODIES,
    activityId,
    bodies.request?.text ?? null,
    bodies.response?.text ?? null,
    bodies.request?.truncated ?? 0,
    bodies.response?.truncated ?? 0,
  );
}

const UPDATE_DETAILS = "UPDATE activity SET details = ? WHERE id = ?";
const TOUCH_TOKEN = "UPDATE scim_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

const foldDetails = (fold: Fold): string | null =>
  fold.count > 1 ? JSON.stringify({ count: fold.count, lastAt: fold.lastAt }) : null;

export function createRequestLog(db: Db, maxPending = 2000): RequestLog {
  let pending: Pending[] = [];
  const lastUsed = new Map<string, number>();
  const windows = new Map<string, FoldWindow>();
  /** Folds already written whose count grew since. */
  const grown = new Set<Fold>();

  const flush = async (): Promise<number> => {
    if (pending.length === 0 && lastUsed.size === 0 && grown.size === 0) return 0;
    const entries = pending;
    const touched = [...lastUsed];
    const updates = [...grown];
    pending = [];
    lastUsed.clear();
    grown.clear();
    /** Each fold written, its new row's id, and the count that row holds. */
    const written: [Fold, number, number][] = [];
    try {
      await inTransaction(db, async (tx) => {
        if (tx.engine === "postgres") {
          for (const { row, fold } of entries) if (fold) row[DETAILS] = foldDetails(fold);
          const ids = await insertRowsAtOnce(tx, entries);
          for (const [i, { fold }] of entries.entries()) if (fold) written.push([fold, ids[i]!, fold.count]);
        } else {
          for (const { row, bodies, fold } of entries) {
            if (fold) row[DETAILS] = foldDetails(fold);
            const id = await insertRow(tx, row, bodies, fold !== undefined);
            if (fold) written.push([fold, id!, fold.count]);
          }
        }
        for (const fold of updates) if (fold.id !== undefined) await tx.execute(UPDATE_DETAILS, foldDetails(fold), fold.id);
        for (const [id, at] of touched) await tx.execute(TOUCH_TOKEN, at, id, at);
      });
    } catch (error) {
      // The database was busy (the CLI held the lock): keep what was not written for the
      // next flush, up to the buffer's size, so a slow moment loses nothing.
      pending = [...entries, ...pending].slice(-maxPending);
      for (const [id, at] of touched) if ((lastUsed.get(id) ?? 0) < at) lastUsed.set(id, at);
      for (const fold of updates) grown.add(fold);
      throw error;
    }
    for (const [fold, id, count] of written) {
      fold.id = id;
      // Requests folded into it while the flush was writing (another instance's or this one's
      // awaits let them in) are in no row yet: the next flush updates its count.
      if (fold.count !== count) grown.add(fold);
    }
    return entries.length + updates.length;
  };

  const flushIfFull = async () => {
    if (pending.length >= maxPending) {
      try {
        await flush();
      } catch {
        // Kept for the next flush (see above); a request never fails for its log entry.
      }
    }
  };

  /** The entry's window, a new one when the last has passed. */
  const windowOf = (key: string, at: number): FoldWindow => {
    let window = windows.get(key);
    if (window && at - window.firstAt < FOLD_WINDOW_MS) return window;
    if (windows.size >= MAX_FOLDS) {
      for (const [k, w] of windows) if (at - w.firstAt >= FOLD_WINDOW_MS) windows.delete(k);
      if (windows.size >= MAX_FOLDS) windows.clear();
    }
    window = { firstAt: at, singles: 0, fold: undefined };
    windows.set(key, window);
    return window;
  };

  return {
    record(entry) {
      const window = entry.foldKey === undefined ? undefined : windowOf(entry.foldKey, entry.at);
      if (window && window.singles >= FOLD_AFTER && window.fold) {
        const fold = window.fold;
        fold.count += 1;
        fold.lastAt = Math.max(fold.lastAt, entry.at);
        if (fold.id !== undefined) grown.add(fold);
        return;
      }
      const next: Pending = { row: rowOf(entry), bodies: bodiesOf(entry), fold: undefined };
      if (window && window.singles < FOLD_AFTER) window.singles += 1;
      else if (window) {
        window.fold = { lastAt: entry.at, count: 1, id: undefined };
        next.fold = window.fold;
      }
      pending.push(next);
      // In the background: a request never waits for, nor fails with, its log entry.
      if (pending.length >= maxPending) void flushIfFull();
    },
    async recordNow(tx, entry) {
      const item = { row: rowOf(entry), bodies: bodiesOf(entry) };
      // One statement on PostgreSQL for the row and its bodies: a write's transaction holds the writer lock.
      if (tx.engine === "postgres") await insertRowsAtOnce(tx, [item]);
      else await insertRow(tx, item.row, item.bodies, false);
    },
    touchToken(tokenId, at) {
      const previous = lastUsed.get(tokenId);
      if (previous === undefined || previous < at) lastUsed.set(tokenId, at);
    },
    flush,
  };
}
