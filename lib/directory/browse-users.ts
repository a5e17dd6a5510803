import type { Db } from "@/db/client";
import type { SeatType, User, UserSource, UserStatus } from "@/db/schema";
import { countSeats, listUsers, type ListUsersQuery, type SeatCounts } from "./list-users";

export type { SeatCounts };

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
  createdAt: number;
}

export interface UserList {
  total: number;
  page: number;
  pageSize: number;
  users: UserRow[];
  counts: SeatCounts;
}

export function toUserRow(u: User): UserRow {
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
    createdAt: u.createdAt,
  };
}

/**
 * One page of the Admin Center's users list with the seat counters. A page past the end (a
 * stale link, or the last user of the last page left) answers the last page instead.
 */
export function browseUsers(db: Db, query: ListUsersQuery & { page: number; pageSize: number }): UserList {
  let page = listUsers(db, query);
  const last = Math.max(1, Math.ceil(page.total / query.pageSize));
  if (query.page > last) page = listUsers(db, { ...query, page: last });
  return { total: page.total, page: page.page, pageSize: page.pageSize, users: page.users.map(toUserRow), counts: countSeats(db) };
}
