/**
 * Builds the app when the build is missing or older than the sources, and runs the real
 * server entry (`tsx server/index.ts`, what `npm start` runs) on a free port with a fresh
 * database in a temporary directory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const ARTIFACTS = join(ROOT, "e2e", ".artifacts");

/** What the Next.js build is made from. Tests and e2e files do not change the build. */
const BUILD_INPUTS = ["app", "components", "lib", "db", "server", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(test|spec)\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why a build is needed, or null when .next/BUILD_ID is newer than every source file. */
export function buildReason(): string | null {
  const buildId = join(ROOT, ".next", "BUILD_ID");
  if (process.env.E2E_REBUILD === "1") return "E2E_REBUILD=1";
  if (!existsSync(buildId)) return "no build yet";
  const built = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))).reduce((a, b) => Math.max(a, b), 0);
  return changed > built ? "sources changed since the last build" : null;
}

export function buildIfStale(): void {
  const reason = buildReason();
  if (!reason) {
    console.log("[e2e] Using the existing build (.next/BUILD_ID is newer than the sources).");
    return;
  }
  console.log(`[e2e] Building the app (${reason}): next build…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed: see its output above.");
  console.log(`[e2e] Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
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

export async function startServer(): Promise<RunningServer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "admin-center-e2e-"));
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
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: baseURL,
      DATABASE_PATH: databasePath,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
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
  return { baseURL, databasePath, logPath, stop };
}
