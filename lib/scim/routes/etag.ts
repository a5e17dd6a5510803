import { scimErrors } from "../errors";

/** RFC 7232 §3.1 If-Match, as RFC 7644 §3.14 uses it: 412 when the version moved on. */
export function checkIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(",").map((t) => t.trim());
  if (tags.includes("*") || tags.includes(etag) || tags.includes(etag.replace(/^W\//, ""))) return;
  throw scimErrors.preconditionFailed(
    `The resource changed: its version is ${etag}, the request's If-Match was ${ifMatch}. GET it again and retry.`,
  );
}

/** RFC 7232 §3.2 If-None-Match on GET: true when the client's copy is current (304). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = ifNoneMatch.split(",").map((t) => t.trim().replace(/^W\//, ""));
  return tags.includes("*") || tags.includes(etag.replace(/^W\//, ""));
}
