import type { Domain } from "@/db/schema";
import { challengeRecordName } from "./domain-name";

export interface TxtRecord {
  type: "TXT";
  name: string;
  value: string;
}

export type DomainStatus = "verified" | "pending";

export interface DomainView {
  id: string;
  name: string;
  status: DomainStatus;
  record: TxtRecord;
  verifiedAt: number | null;
  lastCheckedAt: number | null;
  lastCheckResult: string | null;
  createdAt: number;
  createdBy: string;
}

export const domainRecord = (domain: Pick<Domain, "name" | "verificationValue">): TxtRecord => ({
  type: "TXT",
  name: challengeRecordName(domain.name),
  value: domain.verificationValue,
});

export function toDomainView(domain: Domain): DomainView {
  return {
    id: domain.id,
    name: domain.name,
    status: domain.verifiedAt === null ? "pending" : "verified",
    record: domainRecord(domain),
    verifiedAt: domain.verifiedAt,
    lastCheckedAt: domain.lastCheckedAt,
    lastCheckResult: domain.lastCheckResult,
    createdAt: domain.createdAt,
    createdBy: domain.createdBy,
  };
}
