/**
 * The one module that reads the environment. Everything else imports `env()`.
 * A bad value stops start-up with a message naming the variable.
 */
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);

/** `host:port,host:port` (port optional, default 53), as node's resolver.setServers takes. */
const dnsServers = z
  .string()
  .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^(\[[0-9a-fA-F:]+\]|[0-9a-fA-F:.]+)(:\d{1,5})?$/,
            "each entry must be an IP address with an optional :port, e.g. 127.0.0.1:5353",
          ),
      )
      .min(1, "give at least one server"),
  );

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/admin-center.db"),
  /**
   * PostgreSQL instead of the SQLite file (issue 15; README "Running on PostgreSQL"): several
   * instances behind a load balancer share it. DATABASE_PATH's folder still holds what is
   * per instance (the setup code).
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/i, "must be a postgres:// or postgresql:// URL, e.g. postgres://admin_center:secret@db.internal:5432/admin_center")
    .optional(),
  /** Signs admin sessions. When unset, one is generated and kept beside the database. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The public origin, e.g. https://admin.example.com; otherwise taken from each request. */
  PUBLIC_URL: z.url().optional(),
  DNS_SERVERS: dnsServers.optional(),
  /**
   * Requests a minute one SCIM token may make before 429 (RFC 6585), and the burst a quiet
   * token may spend at once. 6,000 (100 a second) is four times the 25 a second Microsoft
   * asks a SCIM endpoint to sustain for Entra's provisioning service; Okta provisions with
   * a few connections in sequence and publishes no rate for it (its own API sees "rarely
   * more than 10 simultaneous transactions" from bulk loads). A runaway loop is stopped.
   */
  SCIM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6_000),
  /**
   * Behind a reverse proxy: take the client address from the last X-Forwarded-For entry
   * and the scheme and host from X-Forwarded-Proto / X-Forwarded-Host. Off by default:
   * without a proxy that sets them, any client could claim any address.
   */
  TRUST_PROXY: z.stringbool({ truthy: ["1", "true", "yes", "on"], falsy: ["0", "false", "no", "off"] }).default(false),
  /** An admin session with no request for this long ends (README "Security"); the absolute lifetime is 12 h. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
  SCIM_MAX_BODY_BYTES: z.coerce.number().int().positive().default(4 * 1024 * 1024),
  /** Where the production build lives (next.config.js reads it too); the e2e suite uses its own. */
  NEXT_DIST_DIR: z.string().regex(/^[.\w-]+$/, "must be a folder name such as .next").default(".next"),
  /** How often the review-period job runs. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
});

// On PostgreSQL every instance must sign sessions and decrypt the kept secrets (the OIDC
// client secret) with one key: a secret generated beside one instance's files would differ per instance.
const schema = fields.refine((e) => e.DATABASE_URL === undefined || e.AUTH_SECRET !== undefined, {
  path: ["AUTH_SECRET"],
  message: "is required with DATABASE_URL: set the same secret of at least 32 characters on every instance (e.g. `openssl rand -base64 32`)",
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment variable ${lines.join("; ")}`);
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The database to open: DATABASE_URL (PostgreSQL) when set, otherwise the SQLite file at DATABASE_PATH. */
export function databaseLocation(e: Env = env()): string {
  return e.DATABASE_URL ?? e.DATABASE_PATH;
}

/** For libraries that read their own variables (next-auth): set them from ours. */
export function exportLibraryEnv(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) process.env[key] ??= value;
}
