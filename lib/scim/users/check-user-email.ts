import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { parseEmailAddress } from "@/lib/users/email-address";
import { scimErrors } from "../errors";
import { findUserByEmail } from "@/lib/users/user-queries";

/**
 * docs/product.md §5: a SCIM user's primary email must be on a validated domain, and the IdP cannot
 * create or take over a Guest (docs/product.md §2: Guests exist only in the Admin Center).
 * Returns the other user who has this email, if any.
 */
export async function checkScimUserEmail(db: Db, email: string | null, selfId?: string): Promise<User | undefined> {
  if (!email) {
    throw scimErrors.invalidValue(
      "The user has no email: send a primary entry in 'emails' (or an email address as userName) on a validated domain.",
    );
  }
  // The normalised domain (IDNA, lower case, no trailing dot) is the one the
  // validated-domain rule and the Guest check compare (issue 11, item 11).
  const parsed = parseEmailAddress(email);
  if (typeof parsed === "string") throw scimErrors.invalidValue(`The primary email '${email}' is not an email address.`);
  const domain = parsed.domainNorm;
  const holder = await findUserByEmail(db, `${parsed.local}@${domain}`);
  if (holder && holder.seatType === "Guest" && holder.id !== selfId) {
    throw scimErrors.conflict(
      `'${email}' belongs to a Guest. Guests are external users managed only in the Admin Center; the identity provider cannot create or change them.`,
    );
  }
  if (!await isEmailOnValidatedDomain(db, email)) {
    throw scimErrors.invalidValue(
      `The primary email '${email}' is on the domain '${domain}', which is not validated for this plan. Validate '${domain}' in Admin Center > Security & Controls > Domains, or use an email on a validated domain.`,
    );
  }
  // The person already known by this email (a create adopts them when they were on the plan before SCIM).
  return holder && holder.id !== selfId ? holder : undefined;
}
