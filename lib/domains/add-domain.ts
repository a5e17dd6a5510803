import { randomBytes } from "node:crypto";
import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { newId } from "@/lib/ids";
import { CHALLENGE_VALUE_PREFIX, parseDomainName } from "./domain-name";
import { domainRecord, type TxtRecord } from "./domain-view";
import { domains$, FIND_DOMAIN_BY_NAME } from "./find-domain";

export interface AddDomainResult {
  domain: string;
  record: TxtRecord;
}

/**
 * Adds a domain to validate and returns the TXT record to publish (docs/product.md §5). Adding a
 * domain that is already there returns its existing record, so re-running the command or
 * double-clicking never invalidates a record the admin has already published.
 */
export async function addDomain(db: Db, name: string, actor: string): Promise<AddDomainResult> {
  const domain = parseDomainName(name);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const existing = domains$.mapOptional(await tx.row(FIND_DOMAIN_BY_NAME, domain));
    if (existing) return { domain, record: domainRecord(existing) };
    // 24 random bytes: unguessable, and short enough to paste into any DNS console.
    const verificationValue = CHALLENGE_VALUE_PREFIX + randomBytes(24).toString("base64url");
    const now = Date.now();
    await tx.execute(
      "INSERT INTO domains (id, name, verification_value, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
      newId(),
      domain,
      verificationValue,
      now,
      actor,
    );
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.domain-added",
      toValue: "pending",
      reason: domain,
      details: { domain },
    });
    return { domain, record: domainRecord({ name: domain, verificationValue }) };
  });
}
