import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { domains } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { newId } from "@/lib/ids";
import { CHALLENGE_VALUE_PREFIX, parseDomainName } from "./domain-name";
import { domainRecord, type TxtRecord } from "./domain-view";

export interface AddDomainResult {
  domain: string;
  record: TxtRecord;
}

/**
 * Adds a domain to validate and returns the TXT record to publish (docs/product.md §5). Adding a
 * domain that is already there returns its existing record, so re-running the command or
 * double-clicking never invalidates a record the admin has already published.
 */
export function addDomain(db: Db, name: string, actor: string): AddDomainResult {
  const domain = parseDomainName(name);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return db.transaction(() => {
    const existing = db.select().from(domains).where(eq(domains.name, domain)).get();
    if (existing) return { domain, record: domainRecord(existing) };
    // 24 random bytes: unguessable, and short enough to paste into any DNS console.
    const verificationValue = CHALLENGE_VALUE_PREFIX + randomBytes(24).toString("base64url");
    const now = Date.now();
    db.insert(domains)
      .values({ id: newId(), name: domain, verificationValue, createdAt: now, createdBy: actor })
      .run();
    recordActivity(db, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.domain-added",
      toValue: "pending",
      reason: domain,
      details: { domain },
    });
    return { domain, record: domainRecord({ name: domain, verificationValue }) };
  }, { behavior: "immediate" });
}
