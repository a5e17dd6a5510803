/**
 * What caused a change, for the activity log (docs/product.md §7: "why"): a SCIM request from a
 * token, an admin in the Admin Center or CLI, the scheduled review-period job, or a
 * product event (a plan user's own action).
 */
export type SeatCause =
  | { kind: "scim"; tokenId: string | null; tokenName: string; requestPath?: string }
  | { kind: "admin"; admin: string }
  | { kind: "schedule" }
  | { kind: "product"; detail: string };

export function actorOf(cause: SeatCause): string {
  switch (cause.kind) {
    case "scim":
      return `SCIM token '${cause.tokenName}'`;
    case "admin":
      return cause.admin;
    case "schedule":
      return "scheduler";
    case "product":
      return "system";
  }
}

export function causeDetails(cause: SeatCause): Record<string, unknown> {
  switch (cause.kind) {
    case "scim":
      return { cause: "scim", token: cause.tokenName, ...(cause.requestPath ? { request: cause.requestPath } : {}) };
    case "admin":
      return { cause: "admin", admin: cause.admin };
    case "schedule":
      return { cause: "schedule" };
    case "product":
      return { cause: "product", detail: cause.detail };
  }
}
