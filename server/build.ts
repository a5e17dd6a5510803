/**
 * The production build: `npm start` and the e2e suite build when there is no build or the
 * sources are newer than it, so a fresh clone or a pull never serves stale pages.
 * NEXT_DIST_DIR (next.config.js) lets the e2e suite keep its build apart from the one
 * `npm start` serves.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the Next.js build is made from. Tests and e2e files do not change the build. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "server",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

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

/** Why a build is needed, or null when `<distDir>/BUILD_ID` is newer than every source. */
export function buildReason(root: string, distDir: string): string | null {
  const buildId = join(root, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return "no build yet";
  const built = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.map((input) => newestMtime(join(root, input))).reduce((a, b) => Math.max(a, b), 0);
  return changed > built ? "sources changed since the last build" : null;
}

export function runBuild(root: string, distDir: string): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: distDir },
  });
  if (result.status !== 0) throw new Error("next build failed: see its output above.");
  console.log(`Built ${distDir} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

/** Builds when needed; returns whether it built. */
export function ensureBuild(root: string, distDir: string, force = false): boolean {
  const reason = force ? "a rebuild was asked for" : buildReason(root, distDir);
  if (!reason) return false;
  console.log(`Building the app (${reason}): next build takes one to four minutes and prints its steps below…`);
  runBuild(root, distDir);
  return true;
}
