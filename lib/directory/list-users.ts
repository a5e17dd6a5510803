import { z } from "zod";
import { LIMIT_OFFSET, prepareCached, type Db } from "@/db/client";
import { SEAT_TYPES, USER_SOURCES, USER_STATUSES, type User } from "@/db/schema";
import { mapUserRow } from "@/lib/scim/users/user-queries";

/**
 * SPEC §3: users the IdP provisioned with no role and in no group, who have not signed in
 * yet. They hold a Contributor seat but stay out of the main list ("not signed in yet").
 */
export const PENDING_USER_SQL = `(users.source = 'scim' AND users.first_sign_in_at IS NULL
  AND users.direct_roles = '' AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = users.id))`;

export const listUsersQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  seat: z.enum(SEAT_TYPES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  source: z.enum(USER_SOURCES).optional(),
  /** Only the "not signed in yet" users (otherwise they are left out). */
  pending: z.boolean().default(false),
  pendingOverride: z.boolean().default(false),
  reactivationRequested: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

export interface UserPage {
  total: number;
  page: number;
  pageSize: number;
  users: User[];
}

/**
 * The Admin Center's user list and `users list`: server-side filters and pagination over
 * indexes, so it stays fast at 100,000 users. Search is a prefix of the userName or email
 * (index ranges) or a substring of the display name.
 */
export function listUsers(db: Db, query: ListUsersQuery): UserPage {
  const q = listUsersQuerySchema.parse(query);
  const where: string[] = [];
  const params: unknown[] = [];
  // A reactivation request concerns a deactivated user, whether or not they ever signed in.
  if (!q.reactivationRequested) where.push(q.pending ? PENDING_USER_SQL : `NOT ${PENDING_USER_SQL}`);
  if (q.seat) {
    where.push("users.seat_type = ?");
    params.push(q.seat);
  }
  if (q.status) {
    where.push("users.status = ?");
    params.push(q.status);
  }
  if (q.source) {
    where.push("users.source = ?");
    params.push(q.source);
  }
  if (q.pendingOverride) where.push("users.pending_override = 1");
  if (q.reactivationRequested) where.push("users.reactivation_requested_at IS NOT NULL AND users.status = 'deactivated'");
  if (q.search) {
    const prefix = q.search.toLowerCase();
    where.push(
      `((users.user_name_norm >= ? AND users.user_name_norm < ?) OR (users.email_norm >= ? AND users.email_norm < ?)
        OR users.display_name LIKE ? ESCAPE '\\' OR (coalesce(users.given_name, '') || ' ' || coalesce(users.family_name, '')) LIKE ? ESCAPE '\\')`,
    );
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(prefix, `${prefix}\uffff`, prefix, `${prefix}\uffff`, like, like);
  }
  const clause = where.map((w) => `(${w})`).join(" AND ");
  const total = (prepareCached(db, `SELECT count(*) AS n FROM users WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = prepareCached(
    db,
    `SELECT * FROM users WHERE ${clause} ORDER BY users.user_name_norm ${LIMIT_OFFSET}`,
  ).all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Parameters<typeof mapUserRow>[0][];
  return { total, page: q.page, pageSize: q.pageSize, users: rows.map(mapUserRow) };
}

export interface SeatCounts {
  Member: number;
  "Provisional Member": number;
  Contributor: number;
  Guest: number;
  "No Access": number;
  deactivated: number;
  notSignedInYet: number;
}

/** Seat counters (SPEC §7, the users page and the overview): active users by seat. */
export function countSeats(db: Db): SeatCounts {
  const counts: SeatCounts = {
    Member: 0,
    "Provisional Member": 0,
    Contributor: 0,
    Guest: 0,
    "No Access": 0,
    deactivated: 0,
    notSignedInYet: 0,
  };
  const rows = prepareCached(
    db,
    "SELECT status, seat_type AS seat, count(*) AS n FROM users GROUP BY status, seat_type",
  ).all() as { status: string; seat: keyof SeatCounts; n: number }[];
  for (const r of rows) {
    if (r.status === "deactivated") counts.deactivated += r.n;
    else counts[r.seat] += r.n;
  }
  counts.notSignedInYet = (
    prepareCached(db, `SELECT count(*) AS n FROM users WHERE users.status = 'active' AND ${PENDING_USER_SQL}`).get() as {
      n: number;
    }
  ).n;
  return counts;
}
