import { describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";
import { WINDOW_COUNT_SQL } from "./mass-change-breaker";

describe("the breaker's window count", () => {
  it.skipIf(onPostgres)("counts off breaker_window_at_idx alone, reading no row", async () => {
    const db = await openTestDatabase();
    const plan = (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${WINDOW_COUNT_SQL}`).all(0) as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(plan).toMatch(/SEARCH breaker_window USING COVERING INDEX breaker_window_at_idx \(at>\?\)/);
  });
});
