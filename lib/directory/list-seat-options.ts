import type { Db } from "@/db/client";
import { SEAT_TYPES, type SeatType, type User } from "@/db/schema";
import { listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { canBeGuest, checkAdminTransition, explainTransition } from "@/lib/seats";

/** One seat the user could be moved to, as the transition matrix answers it. */
export interface SeatOption {
  seat: SeatType;
  /** The Admin Center can make this change. */
  allowed: boolean;
  /** Where the change is made ("Admin Center", "Directory Integration", "System-triggered only", "Not possible"). */
  where: string;
  explanation: string;
}

/** The choices of Change seat for one user: every other seat, each allowed or with where it is made instead. */
export async function listSeatOptions(db: Db, user: Pick<User, "seatType" | "email" | "userName">): Promise<SeatOption[]> {
  const guest = canBeGuest(user.email ?? user.userName, await listValidatedDomainNames(db));
  return SEAT_TYPES.filter((s) => s !== user.seatType).map((seat) => {
    const check = checkAdminTransition(user.seatType, seat);
    const cell = explainTransition(user.seatType, seat);
    // docs/product.md §5: Guests are external; the matrix allows the change, the user's domain does not.
    if (seat === "Guest" && check.allowed && !guest.ok) {
      return { seat, allowed: false, where: "Not possible for this user", explanation: guest.reason };
    }
    return { seat, allowed: check.allowed, where: cell.where, explanation: cell.explanation };
  });
}
