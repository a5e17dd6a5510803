/**
 * What Security & Controls › Adoption and `adoption list` show (issue 14 §2): the plan's
 * adoption setting, the links waiting for a System Admin, and those decided recently.
 */
import type { Db } from "@/db/client";
import type { AdoptionPolicy, User } from "@/db/schema";
import { adoptionPolicyOf } from "./check-adoption";
import { countPendingAdoptions } from "./request-adoption";

export interface AdoptionRequestView {
  id: string;
  userId: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  source: User["source"];
  status: User["status"];
  seatType: User["seatType"];
  /** What the IdP would set: its userName, email, externalId. */
  requested: { userName: string | null; email: string | null; externalId: string | null; displayName: string | null };
  actor: string;
  requestedAt: number;
  updatedAt: number;
  decision: "approved" | "refused" | null;
  decidedAt: number | null;
  decidedBy: string | null;
}

export interface AdoptionOverview {
  policy: AdoptionPolicy;
  /** The oldest waiting first, at most MAX_PENDING of them; `pendingTotal` counts them all. */
  pending: AdoptionRequestView[];
  pendingTotal: number;
  decided: AdoptionRequestView[];
}

/** Decided requests stay listed this long. */
export const RECENT_DECISIONS_DAYS = 30;
const MAX_DECIDED = 100;
export const MAX_PENDING = 500;

interface Row {
  id: string;
  user_id: string;
  resource: string;
  external_id: string | null;
  actor: string;
  requested_at: number;
  updated_at: number;
  decision: "approved" | "refused" | null;
  decided_at: number | null;
  decided_by: string | null;
  user_name: string;
  display_name: string | null;
  email: string | null;
  source: User["source"];
  status: User["status"];
  seat_type: User["seatType"];
}

const SELECT = `SELECT r.id, r.user_id, r.resource, r.external_id, r.actor, r.requested_at, r.updated_at, r.decision,
    r.decided_at, r.decided_by, u.user_name, u.display_name, u.email, u.source, u.status, u.seat_type
  FROM adoption_requests r JOIN users u ON u.id = r.user_id`;
const PENDING_SQL = `${SELECT} WHERE r.decided_at IS NULL ORDER BY r.requested_at, r.id LIMIT ${MAX_PENDING}`;
const DECIDED_SQL = `${SELECT} WHERE r.decided_at IS NOT NULL AND r.decided_at >= ? ORDER BY r.decided_at DESC, r.id LIMIT ${MAX_DECIDED}`;

function primaryEmail(resource: Record<string, unknown>): string | null {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Record<string, unknown>[]) : [];
  const pick = emails.find((e) => e.primary === true) ?? emails[0];
  return typeof pick?.value === "string" ? pick.value : null;
}

function view(row: Row): AdoptionRequestView {
  const resource = JSON.parse(row.resource) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    displayName: row.display_name,
    email: row.email,
    source: row.source,
    status: row.status,
    seatType: row.seat_type,
    requested: {
      userName: str(resource.userName),
      email: primaryEmail(resource),
      externalId: row.external_id,
      displayName: str(resource.displayName),
    },
    actor: row.actor,
    requestedAt: row.requested_at,
    updatedAt: row.updated_at,
    decision: row.decision,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
  };
}

export async function listAdoptionRequests(db: Db, { now }: { now: number }): Promise<AdoptionOverview> {
  const pending = (await db.rows<Row>(PENDING_SQL)).map(view);
  const since = now - RECENT_DECISIONS_DAYS * 86_400_000;
  const decided = (await db.rows<Row>(DECIDED_SQL, since)).map(view);
  return { policy: await adoptionPolicyOf(db), pending, pendingTotal: await countPendingAdoptions(db), decided };
}
