import { asc, isNotNull } from "drizzle-orm";
import { prepareCached, type Db } from "@/db/client";
import { domains } from "@/db/schema";
import { emailDomain } from "./domain-name";

/** Names of the validated (DNS-verified) domains, sorted. */
export function listValidatedDomainNames(db: Db): string[] {
  return db
    .select({ name: domains.name })
    .from(domains)
    .where(isNotNull(domains.verifiedAt))
    .orderBy(asc(domains.name))
    .all()
    .map((row) => row.name);
}

/**
 * Whether an email's domain is itself a validated domain (docs/product.md §5: SCIM users' primary
 * emails; docs/product.md §3: the plan's primary email for DI; docs/product.md §4: UAP).
 *
 * Exact match only: a subdomain does NOT count unless it is validated itself. Proving
 * control of example.com's zone says nothing about who runs mail.example.com's users, and
 * the TXT record is published per name, so `a@sales.example.com` needs
 * `sales.example.com` validated.
 */
export function isEmailOnValidatedDomain(db: Db, email: string): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  // Prepared once: every SCIM create and email change asks (lib/scim/users/check-user-email.ts).
  return prepareCached(db, "SELECT 1 FROM domains WHERE name = ? AND verified_at IS NOT NULL").get(domain) !== undefined;
}
