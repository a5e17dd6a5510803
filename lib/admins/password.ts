/**
 * Admin password hashing with scrypt from node:crypto: memory-hard (RFC 7914), built in,
 * so no native dependency. Encoded as `scrypt$N$r$p$salt$hash` (salt and hash base64url)
 * so the cost can be raised later without invalidating stored hashes.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * N=2^15, r=8 needs 128·N·r = 32 MiB per hash: memory-hard enough to make GPU guessing
 * costly, cheap enough for an occasional admin sign-in.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Beyond this a stored hash is refused rather than computed: a tampered row must not stall the server. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Node refuses when 128·N·r reaches maxmem (default 32 MiB): give it headroom. */
function scryptOptions({ N, r, p }: ScryptParams): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

/** NFKC so the same password typed on different keyboards/OSes hashes the same (NIST SP 800-63B §5.1.1.2). */
const normalize = (password: string): string => password.normalize("NFKC");

export function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(normalize(password), salt, KEY_BYTES, scryptOptions(params));
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN));
  if (N === undefined || r === undefined || p === undefined) return null;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const hash = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length === 0 || hash.length === 0) return null;
  return { params: { N, r, p }, salt, hash };
}

/**
 * Whether `password` matches `encoded`. Async (libuv's thread pool) so a sign-in does not
 * stall SCIM requests served by the same process. A malformed hash never matches.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const candidate = await new Promise<Buffer>((resolve, reject) => {
    scrypt(normalize(password), parsed.salt, parsed.hash.length, scryptOptions(parsed.params), (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
  return timingSafeEqual(candidate, parsed.hash);
}
