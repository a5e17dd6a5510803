/**
 * Durability of the SCIM request log (issue 11, item 19, "Done when"): a `kill -9` of the
 * server during a write load, then a fresh connection to its database: every write the
 * server acknowledged is there, with its activity entry.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { setUpScimPlan, userBody } from "@/lib/scim/test-support";
import { startScimOnlyServer } from "./test-fixtures/start-scim-only-server";

const WRITERS = 4;
/** Acknowledged writes before the kill: enough that the last few fall inside any batching window. */
const ACKNOWLEDGED_BEFORE_KILL = 80;

let dir: string | undefined;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startServer(databasePath: string): Promise<number> {
  const started = startScimOnlyServer({ DATABASE_PATH: databasePath });
  child = started.child;
  return started.listening;
}

describe("the SCIM request log across a kill -9", () => {
  it("has every acknowledged write and its activity entry", async () => {
    dir = mkdtempSync(join(tmpdir(), "scim-durability-"));
    const path = join(dir, "admin-center.db");
    const setup = await openDatabase(path, { migrate: true });
    const token = await setUpScimPlan(setup);
    await closeDatabase(setup);

    const port = await startServer(path);
    const acknowledged: string[] = [];
    let killed = false;
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));

    const writer = async (w: number) => {
      for (let n = 0; !killed && n < 10_000; n++) {
        try {
          const r = await fetch(`http://127.0.0.1:${port}/scim/v2/Users`, {
            method: "POST",
            headers: { Authorization: `Bearer ${token.token}`, "Content-Type": "application/scim+json" },
            body: JSON.stringify(userBody(`w${w}-${n}@example.com`)),
          });
          const body = (await r.json()) as { id?: string };
          if (r.status !== 201 || !body.id) throw new Error(`write answered ${r.status}`);
          acknowledged.push(body.id);
          if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL && !killed) {
            killed = true;
            child!.kill("SIGKILL");
          }
        } catch (error) {
          if (killed) return; // in flight at the kill: never acknowledged
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await exited;
    expect(child!.signalCode).toBe("SIGKILL");

    const after = await openDatabase(path, { migrate: true });
    const users = new Set((await after.values<[string]>("SELECT id FROM users")).map(([id]) => id));
    const logged = new Set((await after.values<[string]>("SELECT user_id FROM activity WHERE kind = 'scim' AND method = 'POST' AND status = 201")).map(([id]) => id));
    await closeDatabase(after);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(acknowledged.filter((id) => !users.has(id))).toEqual([]);
    expect(acknowledged.filter((id) => !logged.has(id))).toEqual([]);
  }, 60_000);
});
