import { createHash } from "node:crypto";

/**
 * SHA-256 of a token, hex. A fast hash is right here (unlike passwords): the token is 256
 * random bits, so there is nothing to brute-force, and the hot path hashes once a request.
 */
export function hashToken(token: string): string {
  const known = recent.get(token);
  if (known !== undefined) return known;
  const hash = createHash("sha256").update(token, "utf8").digest("hex");
  // An IdP sends the same token with every request: remember the last few hashes (a plan
  // has at most two tokens) instead of hashing again. Bounded, so junk tokens cannot grow it.
  if (recent.size >= 8) recent.clear();
  recent.set(token, hash);
  return hash;
}

const recent = new Map<string, string>();
