import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { suite } from "./suite";

/** The one-time setup code file the server keeps beside its database (app/_auth/setup-code.ts). */
export function setupCodePath(): string {
  return join(dirname(suite().databasePath), "setup-code");
}

/** The code an operator would copy from the server's log or that file. */
export function readSetupCode(): string {
  return readFileSync(setupCodePath(), "utf8").trim();
}
