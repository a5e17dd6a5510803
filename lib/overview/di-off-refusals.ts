/**
 * How the activity log tells a Directory-Integration-off refusal from any other failure.
 *
 * lib/scim/handler.ts (checkPlan) refuses every authenticated SCIM request with 403 while DI
 * is off, and the request log (lib/scim/request-log.ts) stores the SCIM error's detail in
 * `reason`; that detail starts with the words below. The tests drive real SCIM traffic
 * through the service, so a change of that wording breaks them rather than the count.
 *
 * The queries name activity_failed_at_idx (partial, `status >= 400`): it holds only failed
 * requests, so a count since DI went off reads the failures of that period and nothing else,
 * however many successful requests the log holds.
 */
import type { Dialect } from "@/db/dialect";

export const DI_OFF_REASON_PREFIX = "Directory Integration is off";

/** The WHERE clause of a DI-off refusal between two times (parameters: from, to), for activity_failed_at_idx. */
export const diOffRefusedBetween = (d: Dialect) => `status >= 400 AND at >= ? AND at < ?
  AND status = 403 AND kind = 'scim' AND reason ${d.like} '${DI_OFF_REASON_PREFIX}%'`;
