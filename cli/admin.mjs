#!/usr/bin/env node
/**
 * `npm run admin -- <command>`: runs the compiled CLI (cli/build.mjs), compiling it first
 * when a source is newer than the build (about a second, once). Plain JS so that it needs
 * no compiler itself.
 */
import { pathToFileURL } from "node:url";
import { ensureCliBuild } from "./build.mjs";

let bundle;
try {
  bundle = await ensureCliBuild();
} catch (error) {
  // A compile error in a source: say where, in the shape the command would have failed in.
  const message = `the CLI failed to compile: ${(error?.errors ?? []).map((e) => `${e.location?.file ?? "?"}:${e.location?.line ?? "?"}: ${e.text}`).join("; ") || error?.message}`;
  const args = process.argv.slice(2);
  const json = (args.includes("--") ? args.slice(0, args.indexOf("--")) : args).includes("--json");
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: "unexpected", message } }, null, 2)}\n`);
  else process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
