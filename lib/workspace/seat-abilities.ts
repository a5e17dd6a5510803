/**
 * What each seat lets a plan user do in the workspace (docs/product.md §1–§4), in plain
 * words for the person holding it. Pure: the page and the Create-a-sheet use case read the
 * same rules, so the button a person sees and what the server allows cannot drift apart.
 */
import type { ProvisionalPolicy, SeatType } from "@/db/schema";
import { formatDay } from "@/lib/format-time";

/**
 * How a Create-a-sheet attempt goes: `create` goes ahead; `provisional` goes ahead after
 * making the Contributor a Provisional Member (auto-upgrade on); `ask` is refused with whom
 * to ask (auto-upgrade off); `none` is refused outright (Guests and No Access).
 */
export type CreateSheetPath = "create" | "provisional" | "ask" | "none";

export interface SeatAbilities {
  seat: SeatType;
  /** One sentence: what this seat allows. */
  summary: string;
  /** The details, one item each. */
  details: string[];
  createSheet: CreateSheetPath;
  /** Whether the person may open plan content at all (No Access may not). */
  opensContent: boolean;
}

export interface SeatAbilityContext {
  /** The plan's Contributor auto-upgrade switch (plan.autoUpgrade). */
  autoUpgrade: boolean;
  /** What happens when a review ends (plan.provisionalPolicy). */
  provisionalPolicy: ProvisionalPolicy;
  reviewDays: number;
  /** A Provisional Member's review end (users.review_ends_at). */
  reviewEndsAt: number | null;
}

export function createSheetPath(seat: SeatType, autoUpgrade: boolean): CreateSheetPath {
  switch (seat) {
    case "Member":
    case "Provisional Member":
      return "create";
    case "Contributor":
      return autoUpgrade ? "provisional" : "ask";
    case "Guest":
    case "No Access":
      return "none";
  }
}

export function seatAbilities(seat: SeatType, context: SeatAbilityContext): SeatAbilities {
  const createSheet = createSheetPath(seat, context.autoUpgrade);
  const base = { seat, createSheet, opensContent: seat !== "No Access" };
  switch (seat) {
    case "Member":
      return {
        ...base,
        summary: "You can create sheets and own them.",
        details: ["Create sheets, which you own.", "Edit the sheets others share with you."],
      };
    case "Provisional Member": {
      const ends = context.reviewEndsAt === null ? "when your review period ends" : `on ${formatDay(context.reviewEndsAt)}`;
      const after =
        context.provisionalPolicy === "auto-upgrade"
          ? "you become a Member."
          : "a System Admin decides whether you keep a Member seat; if nobody does, you become a Contributor again.";
      return {
        ...base,
        summary: `You can create sheets and own them, like a Member, until your review period ends ${ends}.`,
        details: ["Create sheets, which you own.", "Edit the sheets others share with you.", `When the review period ends, ${after}`],
      };
    }
    case "Contributor":
      return {
        ...base,
        summary: "You can edit what others share with you, but you cannot create sheets.",
        details: [
          "Edit the sheets others share with you.",
          context.autoUpgrade
            ? `Creating a sheet makes you a Provisional Member for a review period of ${context.reviewDays} days, during which you can create sheets.`
            : "Creating sheets needs a Member seat: ask a System Admin of the plan for one.",
        ],
      };
    case "Guest":
      return {
        ...base,
        summary: "You are a guest of this plan: you can open what is shared with you, but you cannot create sheets.",
        details: ["Open and edit what others share with you.", "Only a System Admin can change a guest's seat."],
      };
    case "No Access":
      return {
        ...base,
        summary: "You cannot open plan content.",
        details: ["Your seat is No Access: nothing on this plan opens for you, and you cannot create sheets."],
      };
  }
}
