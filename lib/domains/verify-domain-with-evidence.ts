import type { Db } from "@/db/client";
import type { TxtResolver } from "./dns-resolver";
import { domainRecord, type TxtRecord } from "./domain-view";
import { findDomainOrThrow } from "./find-domain";
import { verifyDomain, type VerifyDomainResult } from "./verify-domain";

export interface VerifyDomainEvidence extends VerifyDomainResult {
  /** The record the admin must publish (name and expected value). */
  record: TxtRecord;
  /**
   * The TXT values DNS served at the record's name during this check (each record's
   * character-strings joined), so the Admin Center can show "found … expected …"
   * for a wrong value. Empty when nothing was served or no lookup was needed.
   */
  found: string[];
}

/**
 * verifyDomain, plus what DNS actually answered. The resolver is wrapped to record its
 * answer, so the values shown are exactly the ones verifyDomain judged (a second lookup
 * could see a different answer while DNS is changing).
 */
export async function verifyDomainWithEvidence(
  db: Db,
  name: string,
  resolver: TxtResolver,
  actor: string,
): Promise<VerifyDomainEvidence> {
  const domain = await findDomainOrThrow(db, name);
  let found: string[] = [];
  const recording: TxtResolver = {
    async resolveTxt(recordName) {
      const records = await resolver.resolveTxt(recordName);
      found = records.map((chunks) => chunks.join("").trim());
      return records;
    },
  };
  const result = await verifyDomain(db, domain.name, recording, actor);
  return { ...result, record: domainRecord(domain), found };
}
