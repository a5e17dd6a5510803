/**
 * Rank checkpoints of the unfiltered SCIM /Users list (the visible users in rowid order), so a
 * page deep in the list starts near its rank instead of walking OFFSET index entries from the
 * first user: a random page of 100,000 users walked 50,000 entries on average (≈ 1.3 ms, about a
 * third of the page; the 10k list's pages walked a tenth of that). SQLite has no rank lookup in a
 * B-tree, so the rowid at every RANK_STEP-th rank is remembered, per connection.
 *
 * The checkpoints hold while `counters.scim_visible_shifts` (migration 0014, kept by triggers, so
 * also for the CLI's writes from another process) has the value they were found under: it changes
 * whenever a write moves visible users to other ranks. A create takes the next rowid and comes
 * last, so it moves nobody and keeps them: an import that creates users keeps extending them.
 * The counter is read in the request's own read transaction, the snapshot the page is read in.
 * Checkpoints are found lazily, each by one walk of RANK_STEP entries of users_scim_visible_idx
 * from the one before, so after a change the first deep page costs about the OFFSET walk it
 * replaces, and later ones only their last step. Memory: one number per RANK_STEP users.
 */
import { databaseKeyOf, type Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import { SCIM_VISIBLE_USERS } from "./user-queries";

export const RANK_STEP = 256;

interface Checkpoints {
  shifts: number;
  /** `after[k]`: the rowid of the visible user at rank (k + 1) · RANK_STEP − 1 (0-based). */
  after: number[];
}

/** Per connection, not per handle: each request's transaction has a handle of its own (inTransaction). */
const checkpointsOf = new WeakMap<object, Checkpoints>();

/** Where a page of the unfiltered list at 0-based `offset` starts: after `afterRowid`, skipping `skip` users (0 unless past the end). */
export interface RankStart {
  afterRowid: number;
  skip: number;
}

/**
 * The first step, and each later one: the visible user so many ranks on, a walk of the narrow
 * index (≈ 45 ns an entry). The last step, from the checkpoint to the rank itself, is one too:
 * the page's own select walks table rows, and skipping 200 of them there cost ≈ 0.5 ms.
 */
// The column is `rowid` on both: PostgreSQL's row_seq is named so.
export const FIRST_STEP_SQL = bothEngines((d) => `SELECT ${d.rowid("users")}${d.engine === "postgres" ? " AS rowid" : ""} FROM users WHERE ${SCIM_VISIBLE_USERS}
  ORDER BY ${d.rowid("users")} LIMIT 1 OFFSET ${RANK_STEP - 1}`);
export const NEXT_STEP_SQL = bothEngines((d) => `SELECT ${d.rowid("users")}${d.engine === "postgres" ? " AS rowid" : ""} FROM users WHERE ${SCIM_VISIBLE_USERS} AND ${d.rowid("users")} > ?
  ORDER BY ${d.rowid("users")} LIMIT 1 OFFSET CAST(? AS INTEGER)`);

/**
 * The checkpoint at or before `offset` of the unfiltered visible list, or undefined when the page
 * is near enough to the start (or the counter is missing) for a plain OFFSET.
 */
export async function visibleRankStart(db: Db, offset: number): Promise<RankStart | undefined> {
  if (offset < RANK_STEP) return undefined;
  const counter = await db.row<{ value: number }>("SELECT value FROM counters WHERE name = 'scim_visible_shifts'");
  if (!counter) return undefined;
  let checkpoints = checkpointsOf.get(databaseKeyOf(db));
  if (!checkpoints || checkpoints.shifts !== counter.value) {
    checkpoints = { shifts: counter.value, after: [] };
    checkpointsOf.set(databaseKeyOf(db), checkpoints);
  }
  const { after } = checkpoints;
  const wanted = Math.floor(offset / RANK_STEP);
  while (after.length < wanted) {
    const previous = after.at(-1);
    const next =
      previous === undefined ? await db.row<{ rowid: number }>(FIRST_STEP_SQL) : await db.row<{ rowid: number }>(NEXT_STEP_SQL, previous, RANK_STEP - 1);
    // The list ends before the rank: the page is past its end (or only its creates are), and
    // the last checkpoint is still the nearest start. A later create extends it then.
    if (next === undefined) break;
    after.push(next.rowid);
  }
  const reached = Math.min(wanted, after.length);
  if (reached === 0) return undefined;
  const checkpoint = after[reached - 1]!;
  const skip = offset - reached * RANK_STEP;
  if (skip === 0) return { afterRowid: checkpoint, skip: 0 };
  const before = await db.row<{ rowid: number }>(NEXT_STEP_SQL, checkpoint, skip - 1);
  // Past the end of the list: the page is empty, and reading it from the checkpoint says so.
  return before ? { afterRowid: before.rowid, skip: 0 } : { afterRowid: checkpoint, skip };
}
