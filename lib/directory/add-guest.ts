import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { User } from "@/db/schema";
import { listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { canBeGuest } from "@/lib/seats";
import { findUserByEmail, findUserByUserName } from "@/lib/users/user-queries";
import { recordActivity } from "../activity/record-activity";
import { insertPlanUser } from "./insert-plan-user";

const emailSchema = z.email({ error: "Give the Guest's email address, e.g. partner@example.org" });

/**
 * docs/product.md §2: Guests are external users, created and changed only in the Admin Center; the
 * IdP never sees them (SCIM hides them and refuses their emails).
 */
export async function addGuest(db: Db, email: string, actor: string, now: number): Promise<User> {
  const address = emailSchema.parse(email.trim());
  return inTransaction(db, async (tx) => {
    const existing = await findUserByEmail(tx, address) ?? await findUserByUserName(tx, address);
    if (existing) {
      throw new AppError("conflict", `${address} is already a user of the plan (${existing.seatType}, ${existing.status}).`);
    }
    const guest = canBeGuest(address, await listValidatedDomainNames(tx));
    if (!guest.ok) throw new AppError("forbidden", guest.reason);
    const user = await insertPlanUser(tx, { email: address, seatType: "Guest", seatSetBy: "admin", source: "admin", now });
    await recordActivity(tx, {
      at: now,
      kind: "seat",
      actor,
      action: "seat.provisioned",
      userId: user.id,
      fromValue: null,
      toValue: "Guest",
      reason: `Guest added by admin ${actor}`,
      details: { cause: "admin", admin: actor },
    });
    return user;
  });
}
