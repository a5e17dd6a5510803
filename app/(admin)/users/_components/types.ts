/**
 * The plain data the users screens receive from their server actions (what crosses the
 * server/client boundary: no resource JSON, no internal columns).
 */
import type { SeatType, UserSource, UserStatus } from "@/db/schema";
import type { SeatCounts } from "@/lib/directory/list-users";

export type { SeatCounts };

export interface UserRowView {
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

export interface UserListView {
  total: number;
  page: number;
  pageSize: number;
  users: UserRowView[];
  counts: SeatCounts;
}

export interface SeatPlanView {
  from: SeatType;
  to: SeatType;
  pendingOverride: boolean;
  diSeat: SeatType | null;
  warning: string | null;
}

export interface ActivityEntryView {
  id: number;
  at: number;
  kind: string;
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  fromValue: string | null;
  toValue: string | null;
  reason: string | null;
}

export interface ActivityPageView {
  total: number;
  page: number;
  pageSize: number;
  entries: ActivityEntryView[];
}

export interface DiPreviewView {
  /** Unmet preconditions (each says what to do); empty when DI can be turned on. */
  unmet: string[];
  upgrades: number;
  downgrades: number;
  unchanged: number;
  changes: { userId: string; userName: string; from: SeatType; to: SeatType; reason: string }[];
}

/** The result of a server action: the data, or a message a person can act on. */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };
