import { inTransaction, type Db } from "@/db/client";
import type { Sheet } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { listAdminContacts, type AdminContact } from "@/lib/admins/list-admin-contacts";
import { recordMemberOnlyAttempt } from "@/lib/directory/record-member-only-attempt";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseInput } from "@/lib/parse-input";
import { requirePlan } from "@/lib/plan/get-plan";
import { findUserById } from "@/lib/users/user-queries";
import { createSheetPath } from "./seat-abilities";
import { createSheetInputSchema } from "./workspace-input";

/** What the activity log calls the Member-only action (recordMemberOnlyAttempt's `action`). */
export const CREATE_SHEET_ACTION = "Create a sheet";

export interface CreateSheetInput {
  userId: string;
  name: unknown;
  now: number;
}

export interface CreateSheetResult {
  sheet: Sheet;
  /** The Contributor attempted it with auto-upgrade on and is now a Provisional Member. */
  becameProvisional: boolean;
  reviewEndsAt: number | null;
}

export const contactList = (contacts: readonly AdminContact[]): string =>
  contacts.length === 0 ? "a System Admin of the plan" : contacts.map((c) => `${c.name} (${c.email})`).join(", ");

/**
 * The workspace's Member-only action (docs/product.md §4): a Member or Provisional Member
 * creates a sheet they own. A Contributor's attempt is the product event: with the plan's
 * Contributor auto-upgrade on they become a Provisional Member and the sheet is created in
 * the same transaction; with it off nothing is created and the refusal names the System
 * Admins to ask. Guests and No Access users cannot create. The user's row is read here, at
 * this request, so a seat changed a moment ago by the IdP or an admin is the one that counts.
 */
export async function createSheet(db: Db, input: CreateSheetInput): Promise<CreateSheetResult> {
  const { name } = parseInput(createSheetInputSchema, { name: input.name });
  return inTransaction(db, async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user || user.status !== "active") {
      throw new AppError("forbidden", "Your account is deactivated: you cannot create sheets. Ask a System Admin of the plan.");
    }
    const plan = await requirePlan(tx);
    let becameProvisional = false;
    let reviewEndsAt = user.seatType === "Provisional Member" ? user.reviewEndsAt : null;
    switch (createSheetPath(user.seatType, plan.autoUpgrade)) {
      case "create":
        break;
      case "provisional": {
        const attempt = await recordMemberOnlyAttempt(tx, user.id, CREATE_SHEET_ACTION, input.now);
        becameProvisional = attempt.becameProvisional;
        reviewEndsAt = attempt.reviewEndsAt;
        break;
      }
      case "ask":
        throw new AppError(
          "forbidden",
          `Creating a sheet needs a Member seat, and you are a Contributor on a plan that does not upgrade Contributors automatically. Ask for a Member seat: ${contactList(await listAdminContacts(tx))}.`,
        );
      case "none":
        throw new AppError(
          "forbidden",
          user.seatType === "Guest"
            ? "Guests cannot create sheets on this plan: only its members can."
            : `Your seat is No Access: you cannot open plan content or create sheets. Ask ${contactList(await listAdminContacts(tx))}.`,
        );
    }
    const sheet: Sheet = { id: newId(), ownerId: user.id, name, createdAt: input.now };
    await tx.execute("INSERT INTO sheets (id, owner_id, name, created_at) VALUES (?, ?, ?, ?)", sheet.id, sheet.ownerId, sheet.name, sheet.createdAt);
    await recordActivity(tx, {
      at: input.now,
      kind: "user",
      actor: user.email ?? user.userName,
      action: "sheet.created",
      userId: user.id,
      toValue: name,
      reason: becameProvisional
        ? `Created the sheet '${name}' as a new Provisional Member`
        : `Created the sheet '${name}' as a ${user.seatType}`,
      details: { sheetId: sheet.id },
    });
    return { sheet, becameProvisional, reviewEndsAt };
  });
}
