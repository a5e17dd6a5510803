import { beforeEach, describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase, type Db } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";
import { scimTokens } from "@/db/schema";
import { selectRow } from "@/lib/scim/test-support";
import { authenticateToken } from "./authenticate-token";
import { createToken } from "./create-token";
import { recordTokenUse } from "./record-token-use";
import { revokeToken } from "./revoke-token";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const DAY = 24 * 60 * 60 * 1000;

describe("authenticateToken", () => {
  it("accepts an active token, scheme case-insensitive", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    for (const header of [`Bearer ${a.token}`, `bearer ${a.token}`, `  BEARER  ${a.token} `]) {
      const result = await authenticateToken(db, header, Date.now());
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.token).toMatchObject({ id: a.id, name: "Okta", revokedAt: null, createdBy: "t" });
    }
  });

  it("classifies each failure without echoing the token", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    const b = await createToken(db, { name: "Entra", expiresInDays: 1 }, "t");
    await revokeToken(db, a.id, "t");
    const now = Date.now();
    const reason = async (header: string | undefined, at = now) => {
      const result = await authenticateToken(db, header, at);
      if (result.ok) return "ok";
      expect(result.detail).not.toContain(a.token);
      expect(result.detail).not.toContain(b.token);
      return result.reason;
    };
    expect(await reason(undefined)).toBe("missing");
    expect(await reason("   ")).toBe("missing");
    expect(await reason(b.token)).toBe("malformed");
    expect(await reason(`Basic ${Buffer.from("u:p").toString("base64")}`)).toBe("malformed");
    expect(await reason(`Bearer ${b.token} extra`)).toBe("malformed");
    expect(await reason("Bearer")).toBe("malformed");
    const altered = b.token.slice(0, -1) + (b.token.endsWith("A") ? "B" : "A");
    expect(await reason(`Bearer ${altered}`)).toBe("unknown");
    expect(await reason("Bearer some-other-systems-token")).toBe("unknown");
    expect(await reason(`Bearer ${a.token}`)).toBe("revoked");
    expect(await reason(`Bearer ${b.token}`)).toBe("ok");
    expect(await reason(`Bearer ${b.token}`, now + DAY + 1)).toBe("expired");
  });

  it("sees a revocation made through another connection at once", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    expect((await authenticateToken(db, `Bearer ${a.token}`, Date.now())).ok).toBe(true);
    await db.execute("UPDATE scim_tokens SET revoked_at = ? WHERE id = ?", Date.now(), a.id);
    expect(await authenticateToken(db, `Bearer ${a.token}`, Date.now())).toMatchObject({ ok: false, reason: "revoked" });
  });

  it.skipIf(onPostgres)("writes nothing", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    const before = sqliteConnectionOf(db).prepare("SELECT total_changes() AS n").get() as { n: number };
    await authenticateToken(db, `Bearer ${a.token}`, Date.now());
    await authenticateToken(db, "Bearer acscim_" + "x".repeat(43), Date.now());
    const after = sqliteConnectionOf(db).prepare("SELECT total_changes() AS n").get() as { n: number };
    expect(after.n).toBe(before.n);
  });
});

describe("recordTokenUse", () => {
  it("writes the last-used time at most once a minute", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    const now = Date.now();
    const read = async () => (await selectRow(db, scimTokens, "id = ?", a.id))!;
    expect(await recordTokenUse(db, await read(), now)).toBe(true);
    expect((await read()).lastUsedAt).toBe(now);
    expect(await recordTokenUse(db, await read(), now + 30_000)).toBe(false);
    // A stale copy of the row does not cause a second write either.
    expect(await recordTokenUse(db, { id: a.id, lastUsedAt: null }, now + 30_000)).toBe(false);
    expect(await recordTokenUse(db, await read(), now + 61_000)).toBe(true);
    expect((await read()).lastUsedAt).toBe(now + 61_000);
  });
});
