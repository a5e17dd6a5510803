/**
 * The seat engine (docs/product.md §2–§3): roles, current seat and status in; the next seat and why out.
 * Pure and synchronous: the caller loads the user and the grants of their mapped groups,
 * and writes the decision (with an activity entry) in the same transaction as the SCIM
 * write that caused the sync.
 *
 * It runs once per user in a DI re-evaluation (100,000 users in one pass), so it makes one
 * object per call plus a short reason string, and scans the grants once.
 */
import type { SeatSetter, SeatType, UserStatus } from "@/db/schema";
import { describeGrants, describeVia, isMemberRole, type RoleGrant } from "./roles";
import { formatDay } from "@/lib/format-time";

export interface SeatInput {
  status: UserStatus;
  currentSeat: SeatType;
  seatSetBy: SeatSetter;
  /** An admin changed the seat of this DI-managed user; the next sync replaces it. */
  pendingOverride: boolean;
  /** Direct roles (SCIM `roles`, seat extension) and roles of the user's mapped groups. */
  grants: readonly RoleGrant[];
  diEnabled: boolean;
  reviewEndsAt: number | null;
  now: number;
  /** Role values the IdP sent that are not roles (`readScimRoles().unknown`), for the reason. */
  unknownRoles?: readonly string[];
}

export interface SeatDecision {
  /** The next seat; the current one when unchanged. */
  seat: SeatType;
  changed: boolean;
  /** DI decides this user's seat (DI on, user active, seat not Guest or No Access). */
  managedByDi: boolean;
  /**
   * What DI sets (or keeps) at a sync, computed even while DI is off or when it keeps the
   * current seat, for "DI would set …" explanations. `null` when DI never decides this
   * user's seat (deactivated, Guest, No Access).
   */
  diSeat: SeatType | null;
  reason: string;
  /** The sync replaced (or confirmed) an admin's manual change: clear `pendingOverride`. */
  clearsPendingOverride: boolean;
  /** The next `users.seat_set_by`: "di" once DI has decided the seat. */
  seatSetBy: SeatSetter;
  /** The user leaves Provisional Member: clear `reviewStartedAt`/`reviewEndsAt`. */
  endsReview: boolean;
}

const DEACTIVATED_REASON =
  "Deactivated: Directory Integration does not change the seat of a deactivated user; a System Admin reactivates them (DI off → reactivate → DI on)";
const GUEST_REASON = "Guest: managed in Admin Center only; DI leaves Guests alone";
const NO_ACCESS_REASON = "No Access: set in Admin Center only; DI leaves No Access users alone";

function keep(input: SeatInput, reason: string): SeatDecision {
  return {
    seat: input.currentSeat,
    changed: false,
    managedByDi: false,
    diSeat: null,
    reason,
    clearsPendingOverride: false,
    seatSetBy: input.seatSetBy,
    endsReview: false,
  };
}

/** "Member: role LICENSED_USER from group 'Okta Licensed'" / "Contributor: no Member role (roles: …)". */
function rolesReason(memberGrant: RoleGrant | undefined, grants: readonly RoleGrant[], unknown?: readonly string[]): string {
  let text =
    memberGrant !== undefined
      ? `Member: role ${memberGrant.role} ${describeVia(memberGrant.via)}`
      : grants.length === 0
        ? "Contributor: no role"
        : `Contributor: no Member role (roles: ${describeGrants(grants)})`;
  if (unknown !== undefined && unknown.length > 0) text += `; ignored unknown roles: ${unknown.join(", ")}`;
  return text;
}

function provisionalKeptReason(reviewEndsAt: number | null, now: number): string {
  const base = "Provisional Member kept: DI never downgrades a Provisional Member";
  if (reviewEndsAt === null) return `${base}; an admin decides their seat`;
  return reviewEndsAt > now
    ? `${base}; the review period ends ${formatDay(reviewEndsAt)}`
    : `${base}; the review period ended ${formatDay(reviewEndsAt)} and awaits the plan's Provisional Member policy`;
}

export function evaluateSeat(input: SeatInput): SeatDecision {
  const current = input.currentSeat;
  if (input.status !== "active") return keep(input, DEACTIVATED_REASON);
  if (current === "Guest") return keep(input, GUEST_REASON);
  if (current === "No Access") return keep(input, NO_ACCESS_REASON);

  // Most privileged wins: one Member role anywhere gives Member (docs/product.md §2).
  let memberGrant: RoleGrant | undefined;
  const grants = input.grants;
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i]!;
    if (isMemberRole(g.role)) {
      memberGrant = g;
      break;
    }
  }

  // DI's own transitions: Contributor → Member, Provisional Member → Member, Member →
  // Contributor. A Provisional Member without a Member role is kept (never downgraded).
  const keepsProvisional = current === "Provisional Member" && memberGrant === undefined;
  const diSeat: SeatType = memberGrant !== undefined ? "Member" : keepsProvisional ? current : "Contributor";
  const why = keepsProvisional
    ? provisionalKeptReason(input.reviewEndsAt, input.now)
    : rolesReason(memberGrant, grants, input.unknownRoles);

  if (!input.diEnabled) {
    return {
      seat: current,
      changed: false,
      managedByDi: false,
      diSeat,
      reason: `Directory Integration is off: seats are managed by hand in the Admin Center (with DI on: ${why})`,
      clearsPendingOverride: false,
      seatSetBy: input.seatSetBy,
      endsReview: false,
    };
  }

  const changed = diSeat !== current;
  let reason = why;
  if (input.pendingOverride) {
    reason += changed
      ? `; replaces the manual change to ${current} by an admin`
      : `; the manual change to ${current} by an admin now matches the IdP`;
  } else if (changed && input.seatSetBy === "admin") {
    reason += `; replaces the ${current} seat an admin set`;
  }
  return {
    seat: diSeat,
    changed,
    managedByDi: true,
    diSeat,
    reason,
    clearsPendingOverride: input.pendingOverride,
    seatSetBy: keepsProvisional ? input.seatSetBy : "di",
    endsReview: current === "Provisional Member" && diSeat !== "Provisional Member",
  };
}

/**
 * Before an admin saves a seat change (docs/product.md §3): will DI replace it at the next sync?
 * True when DI is on and would move the user away from `to`; then the change is saved with
 * `pendingOverride` and the Admin Center warns, showing `diSeat`. Changes to Guest or No
 * Access are never overridden (DI leaves them alone).
 */
export function checkManualOverride(
  input: SeatInput,
  to: SeatType,
): { pendingOverride: boolean; diSeat: SeatType | null; warning: string | null } {
  // seatSetBy "default" keeps the reason free of "replaces …": it is about roles only.
  const after = evaluateSeat({ ...input, currentSeat: to, pendingOverride: false, seatSetBy: "default" });
  if (!after.managedByDi || !after.changed) return { pendingOverride: false, diSeat: after.diSeat, warning: null };
  return {
    pendingOverride: true,
    diSeat: after.seat,
    warning: `Directory Integration manages this user's seat and will replace ${to} with ${after.seat} at the next sync (${after.reason}).`,
  };
}


/**
 * Who decides the seat now, for display. While DI is on, an active Member or Contributor
 * without a pending manual change holds the seat DI decides, whoever wrote it last:
 * "di" is derived here rather than stored, so turning DI on writes only the rows whose
 * seat changes (bench: rewriting 92,000 unchanged rows was most of a 10 s turn-on).
 */
export function effectiveSeatSetter(user: {
  seatSetBy: SeatSetter;
  seatType: SeatType;
  status: UserStatus;
  pendingOverride: boolean;
  diEnabled: boolean;
}): SeatSetter {
  const decidedByDi =
    user.diEnabled &&
    user.status === "active" &&
    !user.pendingOverride &&
    (user.seatType === "Member" || user.seatType === "Contributor");
  return decidedByDi ? "di" : user.seatSetBy;
}
