/**
 * Several instances on one PostgreSQL database (issue 15, "Correct with several instances";
 * README "Running on PostgreSQL"): two real server processes (the server entry's SCIM half,
 * server/test-fixtures/scim-only-server.ts) on one database, the SCIM load split between
 * them, and an admin's re-evaluation running in this process beside them. Every race ends
 * with an exact result and no 500. PostgreSQL run only: on SQLite one process owns the file.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openTestDatabase, type Db } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";
import { setGroupMapping } from "@/lib/directory/map-group-role";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import { groupBody, setUpScimPlan, userBody } from "@/lib/scim/test-support";
import { startScimOnlyServer } from "./test-fixtures/start-scim-only-server";

const AUTH_SECRET = "multi-instance-test-secret-of-32-characters-at-least";

interface Instance {
  child: ChildProcess;
  base: string;
}

async function startInstance(databaseUrl: string, dataDir: string): Promise<Instance> {
  const { child, listening } = startScimOnlyServer({ DATABASE_URL: databaseUrl, DATABASE_PATH: join(dataDir, "admin-center.db"), AUTH_SECRET });
  return { child, base: `http://127.0.0.1:${await listening}/scim/v2` };
}

describe.runIf(onPostgres)("two instances on one PostgreSQL database", () => {
  let db: Db;
  let dir: string;
  let token: string;
  const instances: Instance[] = [];
  /** Every status any instance answered, to check for 500s at the end. */
  const statuses: number[] = [];

  async function scim(i: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${instances[i % instances.length]!.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    statuses.push(response.status);
    const text = await response.text();
    return { status: response.status, etag: response.headers.get("etag"), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function createUsers(prefix: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const created = await scim(i, "POST", "/Users", userBody(`${prefix}${i}@example.com`));
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    return ids;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    token = (await setUpScimPlan(db)).token;
    dir = mkdtempSync(join(tmpdir(), "multi-instance-"));
    // One after the other: both apply migrations at start, under the migration lock (db/postgres.ts).
    instances.push(...(await Promise.all([startInstance(db.location, join(dir, "a")), startInstance(db.location, join(dir, "b"))])));
  }, 60_000);

  afterAll(async () => {
    for (const { child } of instances) child.kill("SIGTERM");
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("loses no member when 20 group PATCHes add and remove at once on both instances", async () => {
    const users = await createUsers("member", 40);
    const group = await scim(0, "POST", "/Groups", groupBody("Racers", users.slice(20)));
    expect(group.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scim(i, "PATCH", `/Groups/${group.body.id as string}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "add", path: "members", value: [{ value: users[i] }] },
            { op: "remove", path: `members[value eq "${users[20 + i]}"]` },
          ],
        }),
      ),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 204)).toEqual([]);
    const members = await db.values<[string]>("SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id", group.body.id as string);
    expect(members.map(([id]) => id)).toEqual([...users.slice(0, 20)].sort());
  }, 60_000);

  it("lets exactly one of 10 PUTs with the same If-Match through", async () => {
    const [id] = await createUsers("contested", 1);
    const current = await scim(0, "GET", `/Users/${id}`);
    expect(current.etag).toBeTruthy();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        scim(i, "PUT", `/Users/${id}`, userBody("contested0@example.com", { displayName: `Writer ${i}` }), { "If-Match": current.etag! }),
      ),
    );
    const ok = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
    expect(ok).toHaveLength(1);
    expect(answers.filter((a) => a.status === 412)).toHaveLength(9);
    const after = await scim(1, "GET", `/Users/${id}`);
    expect(after.body.displayName).toBe(`Writer ${ok[0]}`);
  }, 60_000);

  it("creates one user of 20 concurrent creates of one userName, and answers the rest 409", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => scim(i, "POST", "/Users", userBody("same.name@example.com"))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.scimType)).toEqual(Array(19).fill("uniqueness"));
    expect((await db.row<{ n: number }>("SELECT count(*) AS n FROM users WHERE user_name_norm = 'same.name@example.com'"))!.n).toBe(1);
  }, 60_000);

  it("leaves every seat as the rules decide after re-evaluations race membership PATCHes", async () => {
    const users = await createUsers("seat", 20);
    const group = await scim(0, "POST", "/Groups", groupBody("Builders", users.slice(0, 10)));
    expect(group.status).toBe(201);
    const patches = Array.from({ length: 20 }, (_, i) =>
      scim(i, "PATCH", `/Groups/${group.body.id as string}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [i < 10 ? { op: "add", path: "members", value: [{ value: users[10 + i] }] } : { op: "remove", path: `members[value eq "${users[i - 10]}"]` }],
      }),
    );
    const admin = (async () => {
      await setGroupMapping(db, "Builders", "LICENSED_USER", "admin@example.com", Date.now());
      await reevaluateAllUsers(db, { kind: "admin", admin: "admin@example.com" }, Date.now());
    })();
    const [answers] = await Promise.all([Promise.all(patches), admin]);
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 204)).toEqual([]);
    // Members 10..19 now; each one's seat came from the mapping, the others' from no group.
    const members = (await db.values<[string]>("SELECT user_id FROM group_members WHERE group_id = ?", group.body.id as string)).map(([id]) => id);
    expect(members.sort()).toEqual(users.slice(10).sort());
    const again = await reevaluateAllUsers(db, { kind: "admin", admin: "admin@example.com" }, Date.now());
    expect(again.changes).toEqual([]);
    const seats = await db.rows<{ id: string; seat: string }>(
      `SELECT id, seat_type AS seat FROM users WHERE id IN (${users.map(() => "?").join(", ")})`,
      ...users,
    );
    for (const { id, seat } of seats) {
      if (members.includes(id)) expect(seat, id).toBe("Member");
      else expect(seat, id).not.toBe("Member");
    }
  }, 60_000);

  it("answered no request of all the above with a 5xx", () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
