/**
 * Builds the app when the build is missing or older than the sources, and runs the real
 * server entry (`tsx server/index.ts`, what `npm start` runs) on a free port with a fresh
 * database in a temporary directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuild } from "../../server/build";

export const ROOT = join(__dirname, "..", "..");
export const ARTIFACTS = join(ROOT, "e2e", ".artifacts");

/** The suite's own build folder, so its builds never replace the one `npm start` serves. */
export const E2E_DIST_DIR = ".next-e2e";

export function buildIfStale(): void {
  const built = ensureBuild(ROOT, E2E_DIST_DIR, process.env.E2E_REBUILD === "1");
  if (!built) console.log(`[e2e] Using the existing build (${E2E_DIST_DIR} is newer than the sources).`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseURL: string;
  databasePath: string;
  /** PostgreSQL's URL when started with one (StartServerOptions.databaseUrl). */
  databaseUrl?: string;
  logPath: string;
  stop(): Promise<void>;
}

function tail(path: string, lines = 40): string {
  try {
    return readFileSync(path, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

async function waitUntilServing(baseURL: string, child: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before serving:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${baseURL}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer within ${timeoutMs / 1000} s:\n${tail(logPath)}`);
}

/**
 * The server's AUTH_SECRET, shared with the specs and the CLI they run (through the
 * environment the workers inherit): the OIDC client secret is sealed under it
 * (lib/sso/secret-box.ts), so a connection saved by a spec or the CLI opens in the server.
 */
function suiteAuthSecret(): string {
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  return process.env.AUTH_SECRET;
}

export interface StartServerOptions {
  /** A temporary directory for the database (made when not given; removed on stop). */
  dataDir?: string;
  /** DNS_SERVERS for the app, e.g. the suite's local DNS server (support/dns.ts). */
  dnsServers?: string;
  /** DATABASE_URL: PostgreSQL instead of a SQLite file in dataDir. */
  databaseUrl?: string;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "admin-center-e2e-"));
  const databasePath = join(dataDir, "admin-center.db");
  const logPath = join(ARTIFACTS, "server.log");
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;

  const log = createWriteStream(logPath);
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["server/index.ts"], {
    cwd: ROOT,
    // Its own process group, so stop() ends tsx and the node process it runs.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: E2E_DIST_DIR,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: baseURL,
      DATABASE_PATH: databasePath,
      AUTH_SECRET: suiteAuthSecret(),
      // The suite stands in for a reverse proxy: specs that play clients elsewhere on the
      // internet send X-Forwarded-For (e2e/admins/sign-in-throttle.spec.ts); the rest come from 127.0.0.1.
      TRUST_PROXY: "1",
      ...(options.dnsServers ? { DNS_SERVERS: options.dnsServers } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
      if (!killed) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    log.end();
    if (process.env.E2E_KEEP_DATA !== "1") rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(baseURL, child, logPath, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, databasePath, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), logPath, stop };
}
