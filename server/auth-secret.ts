import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deriveSecretBoxKey, type SecretBoxKey } from "@/lib/sso/secret-box";
import { env } from "./env";

/**
 * The secret that signs admin sessions: AUTH_SECRET when set, otherwise one generated on
 * first start and kept beside the database, so sessions survive restarts.
 */
export function resolveAuthSecret(): string {
  const configured = env().AUTH_SECRET;
  if (configured) return configured;
  const file = join(dirname(env().DATABASE_PATH), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

/** The key that encrypts secrets kept in the database (the OIDC client secret), from the server's secret. */
export function resolveSecretBoxKey(): SecretBoxKey {
  return deriveSecretBoxKey(resolveAuthSecret());
}
