import type { Db } from "@/db/client";
import type { SeatType, User } from "@/db/schema";
import { listAdminContacts, type AdminContact } from "@/lib/admins/list-admin-contacts";
import { hasSystemAdminRights } from "@/lib/directory/has-system-admin-rights";
import { requirePlan } from "@/lib/plan/get-plan";
import { seatAbilities, type SeatAbilities } from "./seat-abilities";

/** The workspace lists this many of the user's sheets, newest first, and says how many there are. */
export const SHEETS_SHOWN = 50;

export interface WorkspaceSheet {
  id: string;
  name: string;
  createdAt: number;
}

export interface Workspace {
  planName: string;
  user: { id: string; name: string; email: string | null };
  seat: SeatType;
  abilities: SeatAbilities;
  /** A Provisional Member's review end; null for every other seat. */
  reviewEndsAt: number | null;
  /** The sheets the user owns, newest first, at most SHEETS_SHOWN, and how many they own in all. */
  sheets: WorkspaceSheet[];
  sheetCount: number;
  /** Whom to ask (No Access, a refused Member-only action). */
  adminContacts: AdminContact[];
  /** The user may open the Admin Center now (their roles in the IdP). */
  systemAdmin: boolean;
}

/** How a plan user is named to themselves: display name, else given and family name, else the userName. */
export function planUserName(user: Pick<User, "displayName" | "givenName" | "familyName" | "userName">): string {
  const joined = [user.givenName, user.familyName].filter(Boolean).join(" ");
  return user.displayName ?? (joined || user.userName);
}

const OWNED_SHEETS = `SELECT id, name, created_at AS "createdAt" FROM sheets WHERE owner_id = ?
  ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER)`;

/**
 * What the workspace page (/app) shows a signed-in plan user, read from their row as it is
 * at this request (the caller passes the row its session lookup just read).
 */
export async function getWorkspace(db: Db, user: User, options: { limit?: number } = {}): Promise<Workspace> {
  const plan = await requirePlan(db);
  const reviewEndsAt = user.seatType === "Provisional Member" ? user.reviewEndsAt : null;
  const owned = await db.rows<WorkspaceSheet>(OWNED_SHEETS, user.id, options.limit ?? SHEETS_SHOWN);
  const sheetCount = (await db.row<{ n: number }>("SELECT count(*) AS n FROM sheets WHERE owner_id = ?", user.id))?.n ?? 0;
  return {
    planName: plan.name,
    user: { id: user.id, name: planUserName(user), email: user.email },
    seat: user.seatType,
    abilities: seatAbilities(user.seatType, {
      autoUpgrade: plan.autoUpgrade,
      provisionalPolicy: plan.provisionalPolicy,
      reviewDays: plan.reviewDays,
      reviewEndsAt,
    }),
    reviewEndsAt,
    sheets: owned,
    sheetCount,
    adminContacts: await listAdminContacts(db),
    systemAdmin: await hasSystemAdminRights(db, user),
  };
}
