import type { Db } from "@/db/client";
import type { Role, SeatSetter, SeatType, User, UserSource, UserStatus } from "@/db/schema";
import { decodeDirectRoles, SYSTEM_ADMIN_ROLES, type RoleGrant } from "@/lib/seats";
import { iterateUsers, listUsersWithCounters, type ListUsersQuery, type UserCounter } from "./list-users";
import { groupGrantsOf } from "./sync-user-seats";
import { csvLine } from "@/lib/csv";
import { getLastSynced, listLastSynced } from "@/lib/activity/list-last-synced";

export type { PendingMode, UserCounter, UserCounterFilter, UserCounterKey } from "./list-users";

/** A user as the Admin Center's list shows them: no resource JSON, no internal columns. */
export interface UserRow {
  id: string;
  userName: string;
  name: string | null;
  email: string | null;
  seatType: SeatType;
  status: UserStatus;
  source: UserSource;
  pendingOverride: boolean;
  reactivationRequestedAt: number | null;
  firstSignInAt: number | null;
  lastSignInAt: number | null;
  createdAt: number;
  /** Who decides the seat now: DI while it manages it, else who set it (docs/product.md §3.4). */
  seatSetBy: SeatSetter;
  /** Where the seat comes from: each role and its origin, the IdP's own roles first, then mapped groups. */
  roles: { role: Role; group: string | null }[];
  /** A Provisional Member's review period ends then (docs/product.md §4). */
  reviewEndsAt: number | null;
  /** The System Admin roles the user holds, from any origin (docs/product.md §2). */
  systemAdminRoles: Role[];
  /** The IdP's last successful SCIM request about the user (lib/activity/list-last-synced.ts), within the kept log. */
  lastSyncedAt: number | null;
}

export interface UserList {
  total: number;
  page: number;
  pageSize: number;
  users: UserRow[];
  /** The counters, each with the filters of the list it counts (the screen links them). */
  counters: UserCounter[];
}

const SYSTEM_ADMIN_ROLE_SET: ReadonlySet<Role> = new Set<Role>(SYSTEM_ADMIN_ROLES);

export function toUserRow(
  u: User,
  groupRoles: readonly { role: Role; group: string }[] = [],
  lastSyncedAt: number | null = null,
): UserRow {
  const roles = [...decodeDirectRoles(u.directRoles).map((role) => ({ role, group: null })), ...groupRoles];
  const joined = [u.givenName, u.familyName].filter(Boolean).join(" ");
  return {
    id: u.id,
    userName: u.userName,
    name: u.displayName ?? (joined || null),
    email: u.email,
    seatType: u.seatType,
    status: u.status,
    source: u.source,
    pendingOverride: u.pendingOverride,
    reactivationRequestedAt: u.reactivationRequestedAt,
    firstSignInAt: u.firstSignInAt,
    lastSignInAt: u.lastSignInAt,
    createdAt: u.createdAt,
    seatSetBy: u.seatSetBy,
    roles,
    reviewEndsAt: u.seatType === "Provisional Member" ? u.reviewEndsAt : null,
    systemAdminRoles: [...new Set(roles.map((r) => r.role).filter((r) => SYSTEM_ADMIN_ROLE_SET.has(r)))],
    lastSyncedAt,
  };
}

/**
 * One page of the Admin Center's users list with the seat counters. A page past the end (a
 * stale link, or the last user of the last page left) answers the last page instead.
 */
export async function browseUsers(db: Db, query: ListUsersQuery & { page: number; pageSize: number }): Promise<UserList> {
  const page = await listUsersWithCounters(db, query, { pastEnd: "last" });
  // One query for the whole page's group roles, never one a row.
  const ids = page.users.map((u) => u.id);
  const grants = ids.length ? await groupGrantsOf(db, ids) : new Map<string, RoleGrant[]>();
  const synced = await listLastSynced(db, ids);
  const users = page.users.map((u) =>
    toUserRow(
      u,
      (grants.get(u.id) ?? []).map((g) => ({ role: g.role, group: g.via.kind === "group" ? g.via.groupName : "" })),
      synced.get(u.id) ?? null,
    ),
  );
  return { total: page.total, page: page.page, pageSize: page.pageSize, users, counters: page.counters };
}

const SETTER_WORDS: Record<SeatSetter, string> = {
  di: "Directory Integration",
  admin: "admin",
  system: "review period",
  default: "default",
};

/** The export's columns, in order: what the list shows, in full, with times in UTC (ISO 8601). */
const CSV_COLUMNS: { header: string; value: (u: UserRow) => string | null }[] = [
  { header: "Name", value: (u) => u.name },
  { header: "Username", value: (u) => u.userName },
  { header: "Email", value: (u) => u.email },
  { header: "Seat", value: (u) => (u.status === "active" ? u.seatType : `none (deactivated; was ${u.seatType})`) },
  { header: "Status", value: (u) => u.status },
  { header: "Source", value: (u) => u.source },
  { header: "Seat set by", value: (u) => SETTER_WORDS[u.seatSetBy] },
  { header: "Roles", value: (u) => u.roles.map((r) => `${r.role} (${r.group ? `group ${r.group}` : "IdP"})`).join("; ") },
  { header: "System Admin roles", value: (u) => u.systemAdminRoles.join("; ") },
  { header: "Review ends", value: (u) => iso(u.reviewEndsAt) },
  { header: "First sign-in", value: (u) => iso(u.firstSignInAt) },
  { header: "Last sign-in", value: (u) => iso(u.lastSignInAt) },
  { header: "Last synced", value: (u) => iso(u.lastSyncedAt) },
  { header: "Created", value: (u) => iso(u.createdAt) },
  { header: "Pending override", value: (u) => (u.pendingOverride ? "yes" : "no") },
  { header: "Reactivation requested", value: (u) => iso(u.reactivationRequestedAt) },
  { header: "ID", value: (u) => u.id },
];

const iso = (ms: number | null): string | null => (ms == null ? null : new Date(ms).toISOString());


/**
 * The users list `query` describes (search, filters and sort, every page) as CSV lines, one
 * user at a time off the SQLite statement (iterateUsers): the first line is the header, after
 * a UTF-8 byte order mark so spreadsheets read names in any script.
 */
export async function* exportUsersCsv(db: Db, query: ListUsersQuery): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(CSV_COLUMNS.map((c) => c.header))}`;
  for await (const { user, groupRoles } of iterateUsers(db, query)) {
    const row = toUserRow(user, groupRoles, await getLastSynced(db, user.id));
    yield csvLine(CSV_COLUMNS.map((c) => c.value(row)));
  }
}
