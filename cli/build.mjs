/**
 * Compiles the operator CLI (cli/index.ts and everything it imports) into one ES module,
 * once, instead of transpiling every module at every start (tsx took 1.2–7 s a command).
 * cli/admin.mjs calls `ensureCliBuild()` before each run; `node cli/build.mjs` forces a
 * build. Plain JS: it runs before anything is compiled.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// Under node_modules/.cache: ignored by git, eslint, tsc and the Next.js build check
// alike, and a clean `npm ci` starts it afresh.
const OUT_DIR = join(ROOT, "node_modules", ".cache", "admin-cli");
export const BUNDLE = join(OUT_DIR, "admin.mjs");
/** The project files the bundle was made from (esbuild's metafile), relative to ROOT. */
const INPUTS = join(OUT_DIR, "inputs.json");
/** Also make the bundle: the recipe, path aliases and the installed package versions. */
const RECIPE = ["cli/build.mjs", "tsconfig.json", "package-lock.json", "node_modules/.package-lock.json"];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/** Why the bundle must be (re)built, or null when it is newer than everything it is made from. */
export function staleReason() {
  const built = mtime(BUNDLE);
  if (built === null) return "no build yet";
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS, "utf8"));
  } catch {
    return "no list of its inputs";
  }
  for (const input of inputs) {
    const changed = mtime(join(ROOT, input));
    if (changed === null) return `${input} is gone`;
    if (changed > built) return `${input} changed`;
  }
  return null;
}

/**
 * Builds into temporary files and renames them into place, so two CLI processes starting
 * at once each build whole files and the last rename wins; a reader never sees half a file.
 */
export async function buildCli() {
  const started = Date.now();
  const { build } = await import("esbuild");
  mkdirSync(OUT_DIR, { recursive: true });
  const tag = `${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const bundleTmp = `${BUNDLE}.${tag}`;
  const inputsTmp = `${INPUTS}.${tag}`;
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ["cli/index.ts"],
      outfile: bundleTmp,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // better-sqlite3 is a native addon: node loads it from node_modules at run time.
      external: ["better-sqlite3"],
      // What `tsx --conditions=react-server` resolved before: a module that imports
      // `server-only` (the Next.js server guard) loads here as it does in the server.
      // esbuild drops its default `module` condition once conditions are given: keep it.
      conditions: ["react-server", "module"],
      // Bundled CommonJS packages call require() (better-sqlite3, node built-ins).
      banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
      minify: true,
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = [
      ...Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("node_modules/")),
      ...RECIPE.filter((input) => existsSync(join(ROOT, input))),
    ];
    writeFileSync(inputsTmp, JSON.stringify(inputs));
    // The bundle is as old as the sources it read: one saved during the build is newer,
    // so the next start builds again.
    utimesSync(bundleTmp, started / 1000, started / 1000);
    renameSync(inputsTmp, INPUTS);
    renameSync(bundleTmp, BUNDLE);
  } finally {
    rmSync(bundleTmp, { force: true });
    rmSync(inputsTmp, { force: true });
  }
  return BUNDLE;
}

/** The bundle's path, built first when it is missing or older than its sources. */
export async function ensureCliBuild({ force = false } = {}) {
  if (force || staleReason() !== null) await buildCli();
  return BUNDLE;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  await buildCli();
  process.stderr.write(`Built ${relative(process.cwd(), BUNDLE)} in ${Date.now() - started} ms\n`);
}
