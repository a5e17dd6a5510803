/**
 * Maps lib results to the plain views the users screens receive (_components/types.ts).
 */
import type { ActivityEntryView, ActivityPageView, SeatPlanView, UserListView, UserRowView } from "@/app/(admin)/users/_components/types";
import type { UserFilters } from "@/app/(admin)/users/_components/user-filters";
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import type { ActivityPage } from "@/lib/activity/list-activity";
import { listActivity } from "@/lib/activity/list-activity";
import { countSeats, listUsers } from "@/lib/directory/list-users";
import type { SeatChangePlan } from "@/lib/directory/set-user-seat";

export function toUserRow(u: User): UserRowView {
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

export function loadUserList(db: Db, f: UserFilters): UserListView {
  const query = {
    ...(f.q ? { search: f.q } : {}),
    ...(f.seat ? { seat: f.seat } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.source ? { source: f.source } : {}),
    pending: f.pending,
    pendingOverride: f.pendingOverride,
    reactivationRequested: f.reactivationRequested,
    pageSize: f.size,
  };
  let page = listUsers(db, { ...query, page: f.page });
  // A page past the end (a stale link, or the last user of the last page left): show the last page.
  const last = Math.max(1, Math.ceil(page.total / f.size));
  if (f.page > last) page = listUsers(db, { ...query, page: last });
  return { total: page.total, page: page.page, pageSize: page.pageSize, users: page.users.map(toUserRow), counts: countSeats(db) };
}

export function toSeatPlan(p: SeatChangePlan): SeatPlanView {
  return { from: p.from, to: p.to, pendingOverride: p.pendingOverride, diSeat: p.diSeat, warning: p.warning };
}

export const HISTORY_PAGE_SIZE = 10;

export function loadUserHistory(db: Db, userId: string, page: number): ActivityPageView {
  const result: ActivityPage = listActivity(db, { userId, page, pageSize: HISTORY_PAGE_SIZE });
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    entries: result.entries.map(
      (e): ActivityEntryView => ({
        id: e.id,
        at: e.at,
        kind: e.kind,
        actor: e.actor,
        action: e.action,
        method: e.method,
        path: e.path,
        status: e.status,
        fromValue: e.fromValue,
        toValue: e.toValue,
        reason: e.reason,
      }),
    ),
  };
}
