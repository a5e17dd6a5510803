import { createHash } from "node:crypto";

/**
 * SHA-256 of a token, hex. A fast hash is right here (unlike passwords): the token is 256
 * random bits, so there is nothing to brute-force, and the hot path hashes once a request.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
