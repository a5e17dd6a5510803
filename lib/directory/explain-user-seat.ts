import type { Db } from "@/db/client";
import type { SeatType, User } from "@/db/schema";
import { decodeDirectGrants, describeVia, isMemberRole, readScimRoles, type RoleGrant } from "@/lib/seats";
import { groupsOfUser } from "@/lib/users/user-queries";
import { decideSeat, groupGrantsOf, isDiEnabled } from "./sync-user-seats";

export interface SeatExplanation {
  seat: SeatType;
  /** DI decides this seat at every sync (DI on, active, not Guest or No Access). */
  managedByDi: boolean;
  /** What DI sets (or keeps) at the next sync; null when DI never decides this user's seat. */
  diSeat: SeatType | null;
  /**
   * What the roles alone give: Member or Contributor. It differs from `diSeat` for a
   * Provisional Member, whom DI keeps for the review period whatever the roles say.
   */
  rolesSeat: "Member" | "Contributor";
  /** Why, in words: the engine's reason. */
  reason: string;
  /** The roles that count, and where each came from ("via SCIM roles", "from group 'X'"). */
  roles: { role: string; via: string }[];
  /** Role values the IdP sent that are not roles. */
  unknownRoles: string[];
  groups: { id: string; displayName: string }[];
  pendingOverride: boolean;
  /** The admin's manual change that DI will replace at the next sync, in words. */
  overrideNote: string | null;
}

/**
 * docs/product.md §7: each user's page explains the current seat: the roles and groups it came from,
 * whether DI manages it, and whether a manual change is pending override.
 */
export async function explainUserSeat(db: Db, user: User, now: number): Promise<SeatExplanation> {
  const scimRoles = readScimRoles(user.resource);
  const groupGrants = (await groupGrantsOf(db, [user.id])).get(user.id) ?? [];
  const direct: readonly RoleGrant[] = scimRoles.grants.length > 0 ? scimRoles.grants : decodeDirectGrants(user.directRoles);
  const decision = decideSeat(
    {
      id: user.id,
      user_name: user.userName,
      display_name: user.displayName,
      status: user.status,
      seat_type: user.seatType,
      seat_set_by: user.seatSetBy,
      pending_override: user.pendingOverride ? 1 : 0,
      review_ends_at: user.reviewEndsAt,
      direct_roles: user.directRoles,
    },
    groupGrants,
    await isDiEnabled(db),
    now,
  );
  return {
    seat: user.seatType,
    managedByDi: decision.managedByDi,
    diSeat: decision.diSeat,
    rolesSeat: [...direct, ...groupGrants].some((g) => isMemberRole(g.role)) ? "Member" : "Contributor",
    reason: decision.changed ? `Next sync: ${decision.reason}` : decision.reason,
    roles: [...direct, ...groupGrants].map((g) => ({ role: g.role, via: describeVia(g.via) })),
    unknownRoles: scimRoles.unknown,
    groups: await groupsOfUser(db, user.id),
    pendingOverride: user.pendingOverride,
    overrideNote:
      user.pendingOverride && decision.diSeat && decision.diSeat !== user.seatType
        ? `An admin set ${user.seatType}; Directory Integration will set ${decision.diSeat} at the next sync.`
        : null,
  };
}
