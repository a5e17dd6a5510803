import type { Db } from "@/db/client";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { scimErrors } from "../errors";
import { findUserByEmail } from "@/lib/users/user-queries";

/**
 * SPEC §5: a SCIM user's primary email must be on a validated domain, and the IdP cannot
 * create or take over a Guest (SPEC §2: Guests exist only in the Admin Center).
 */
export function checkScimUserEmail(db: Db, email: string | null, selfId?: string): void {
  if (!email) {
    throw scimErrors.invalidValue(
      "The user has no email: send a primary entry in 'emails' (or an email address as userName) on a validated domain.",
    );
  }
  const at = email.lastIndexOf("@");
  const domain = at > 0 ? email.slice(at + 1).toLowerCase() : "";
  if (!domain) throw scimErrors.invalidValue(`The primary email '${email}' is not an email address.`);
  const holder = findUserByEmail(db, email);
  if (holder && holder.seatType === "Guest" && holder.id !== selfId) {
    throw scimErrors.conflict(
      `'${email}' belongs to a Guest. Guests are external users managed only in the Admin Center; the identity provider cannot create or change them.`,
    );
  }
  if (!isEmailOnValidatedDomain(db, email)) {
    throw scimErrors.invalidValue(
      `The primary email '${email}' is on the domain '${domain}', which is not validated for this plan. Validate '${domain}' in Admin Center > Security & Controls > Domains, or use an email on a validated domain.`,
    );
  }
}
