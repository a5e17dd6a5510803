import type { Db } from "@/db/client";
import type { ScryptParams } from "@/lib/admins/password";
import type { SecretBoxKey } from "@/lib/sso/secret-box";

/** Who the activity log names for changes made through the CLI. */
export const ACTOR = "operator (CLI)";

/**
 * What the commands work on, given to `buildProgram` so tests run the real program in
 * process on their own database (cli/index.ts passes the process's).
 */
export interface CliContext {
  /**
   * The database, opened (and migrated) on first use, so `--help` and usage errors never
   * touch it. Nothing is cached above it: the running server sees a change on its next
   * query (WAL).
   */
  db: () => Promise<Db>;
  /** Resolvers for `domain verify` (`host:port`); undefined: the system's. */
  dnsServers: () => string[] | undefined;
  /** A password typed at the prompt or piped on stdin (cli/read-password.ts); tests queue their own. */
  readPassword: (prompt: string) => Promise<string>;
  /** SESSION_IDLE_MINUTES, for which admin sessions count as open. */
  sessionIdleMs: () => number;
  /** The key sealing the OIDC client secret (server/auth-secret.ts resolveSecretBoxKey()); `sso set-oidc` and `sso test` need it. */
  secretBoxKey?: () => SecretBoxKey;
  /** PUBLIC_URL's origin, for the SP values `sso show` prints (http://localhost:PORT without it). */
  publicOrigin?: () => string;
  /** scrypt cost of new admin passwords; only tests pass a cheaper one than the default. */
  passwordCost?: ScryptParams;
}
