/**
 * Secrets kept in the database encrypted (the OIDC client secret): a copy of the database
 * file alone does not give them away. JWE compact serialisation (RFC 7516) with direct
 * AES-256-GCM by `jose`, rather than our own nonce-and-tag format; the key is derived with
 * HKDF (RFC 5869) from the server's secret (server/auth-secret.ts), which lives outside the
 * database.
 */
import { hkdfSync } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";
import { AppError } from "@/lib/errors";

export type SecretBoxKey = Uint8Array;

/** The 256-bit key for the secret box, from the server's secret. */
export function deriveSecretBoxKey(serverSecret: string): SecretBoxKey {
  return new Uint8Array(hkdfSync("sha256", serverSecret, "admin-center", "sso client secret box v1", 32));
}

export async function sealSecret(plain: string, key: SecretBoxKey): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plain)).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key);
}

/** Decrypts what sealSecret made; a secret sealed under another server secret is refused in words. */
export async function openSecret(sealed: string, key: SecretBoxKey): Promise<string> {
  try {
    const { plaintext } = await compactDecrypt(sealed, key);
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new AppError(
      "invalid",
      "The saved client secret cannot be decrypted: the server's secret (AUTH_SECRET, or data/auth-secret) changed since it was saved. Enter the client secret again.",
    );
  }
}
