import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { challengeRecordName } from "./domain-name";
import type { TxtResolver } from "./dns-resolver";
import { findDomainOrThrow } from "./find-domain";
import { formatDateTime } from "@/lib/format-time";

export type VerifyDomainOutcome = "verified" | "no-record" | "wrong-value" | "dns-error";

export interface VerifyDomainResult {
  domain: string;
  verified: boolean;
  result: VerifyDomainOutcome;
  /** One line a person can act on. */
  detail: string;
}

/** c-ares codes that mean "the name or its TXT record does not exist" (not a failure of DNS). */
const NO_RECORD_CODES = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * Looks the domain's challenge TXT record up in DNS (docs/product.md §5) and validates the domain
 * when it carries the expected value. A validated domain stays validated: the proof was
 * made once (as with Microsoft 365 and Google domain checks), and a later DNS hiccup or
 * a tidied-up record must not break SCIM provisioning; removing the domain un-validates it.
 */
export async function verifyDomain(
  db: Db,
  name: string,
  resolver: TxtResolver,
  actor: string,
): Promise<VerifyDomainResult> {
  const domain = await findDomainOrThrow(db, name);
  if (domain.verifiedAt !== null) {
    return {
      domain: domain.name,
      verified: true,
      result: "verified",
      detail: `${domain.name} is already validated (since ${formatDateTime(domain.verifiedAt)})`,
    };
  }

  const recordName = challengeRecordName(domain.name);
  const outcome = await lookUp(resolver, recordName, domain.verificationValue);
  const now = Date.now();
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  await inTransaction(db, async (tx) => {
    const verified = outcome.result === "verified";
    // Not yet verified: a concurrent verify of the same domain records the change once (and a
    // failed check leaves verified_at NULL, as the WHERE found it).
    const updated = await tx.execute(
      "UPDATE domains SET last_checked_at = ?, last_check_result = ?, verified_at = ? WHERE id = ? AND verified_at IS NULL",
      now,
      outcome.result,
      verified ? now : null,
      domain.id,
    );
    if (verified && updated.changes === 1) {
      await recordActivity(tx, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.domain-verified",
        fromValue: "pending",
        toValue: "verified",
        reason: domain.name,
        details: { domain: domain.name },
      });
    }
  });
  return { domain: domain.name, verified: outcome.result === "verified", ...outcome };
}

async function lookUp(
  resolver: TxtResolver,
  recordName: string,
  expected: string,
): Promise<{ result: VerifyDomainOutcome; detail: string }> {
  let records: string[][];
  try {
    records = await resolver.resolveTxt(recordName);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && NO_RECORD_CODES.has(code)) {
      return {
        result: "no-record",
        detail: `No TXT record at ${recordName} (${code === "ENOTFOUND" ? "the name does not exist" : "the name has no TXT record"}): publish TXT "${expected}" there, wait for DNS to update, then verify again`,
      };
    }
    const reason = typeof code === "string" ? code : (error as Error).message;
    return {
      result: "dns-error",
      detail: `DNS lookup of ${recordName} failed (${reason}): check the DNS servers and try again`,
    };
  }
  // A TXT record longer than 255 octets arrives as several strings that form one value
  // (RFC 7208 §3.3 uses the same rule); a name may carry several TXT records.
  const values = records.map((chunks) => chunks.join("").trim());
  if (values.includes(expected)) {
    return { result: "verified", detail: `Found the verification record at ${recordName}` };
  }
  if (values.length === 0) {
    return {
      result: "no-record",
      detail: `No TXT record at ${recordName}: publish TXT "${expected}" there, wait for DNS to update, then verify again`,
    };
  }
  const shown = values.slice(0, 3).map((v) => JSON.stringify(v)).join(", ");
  return {
    result: "wrong-value",
    detail: `The TXT record at ${recordName} has ${shown}${values.length > 3 ? ", …" : ""}, not "${expected}": correct the record's value, then verify again`,
  };
}
