import type { Db } from "@/db/client";
import { emailDomain } from "./domain-name";

/** Names of the validated (DNS-verified) domains, sorted. */
export async function listValidatedDomainNames(db: Db): Promise<string[]> {
  return (await db.rows<{ name: string }>("SELECT name FROM domains WHERE verified_at IS NOT NULL ORDER BY name")).map((row) => row.name);
}

const IS_VALIDATED_DOMAIN = "SELECT 1 FROM domains WHERE name = ? AND verified_at IS NOT NULL";

/**
 * Whether an email's domain is itself a validated domain (docs/product.md §5: SCIM users' primary
 * emails; docs/product.md §3: the plan's primary email for DI; docs/product.md §4: UAP).
 *
 * Exact match only: a subdomain does NOT count unless it is validated itself. Proving
 * control of example.com's zone says nothing about who runs mail.example.com's users, and
 * the TXT record is published per name, so `a@sales.example.com` needs
 * `sales.example.com` validated.
 */
export async function isEmailOnValidatedDomain(db: Db, email: string): Promise<boolean> {
  const domain = emailDomain(email);
  if (!domain) return false;
  // Fixed text, prepared once: every SCIM create and email change asks (lib/scim/users/check-user-email.ts).
  return await db.row(IS_VALIDATED_DOMAIN, domain) !== undefined;
}
