import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { SCIM_VISIBLE_USERS } from "./user-queries";

describe("SCIM user list queries", () => {
  it("count and page an unfiltered list over the visible-users index, not the table", () => {
    const db = openTestDatabase();
    const plan = (sql: string, ...params: unknown[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    const count = plan(`SELECT count(*) AS n FROM users WHERE ${SCIM_VISIBLE_USERS} AND (1)`);
    const page = plan(`SELECT * FROM users WHERE ${SCIM_VISIBLE_USERS} AND (1) ORDER BY users.rowid LIMIT ? OFFSET ?`, 100, 0);
    for (const detail of [...count, ...page]) expect(detail).toMatch(/users_scim_visible_idx/);
  });
});
