import type { SeatType } from "@/db/schema";

/** What each seat type means to a System Admin (docs/product.md §2). */
export const SEAT_DESCRIPTIONS: Record<SeatType, string> = {
  Member: "Paid: full access.",
  "Provisional Member": "Member access for a review period, then the plan's provisional setting decides.",
  Contributor: "Free: can view and comment.",
  Guest: "Free: external users, managed only here.",
  "No Access": "Free: known to the plan, cannot open plan content.",
};
