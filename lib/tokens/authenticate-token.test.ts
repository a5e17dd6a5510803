import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { scimTokens } from "@/db/schema";
import { selectRow } from "@/lib/scim/test-support";
import { authenticateToken } from "./authenticate-token";
import { createToken } from "./create-token";
import { recordTokenUse } from "./record-token-use";
import { revokeToken } from "./revoke-token";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const DAY = 24 * 60 * 60 * 1000;

describe("authenticateToken", () => {
  it("accepts an active token, scheme case-insensitive", () => {
    const a = createToken(db, { name: "Okta" }, "t");
    for (const header of [`Bearer ${a.token}`, `bearer ${a.token}`, `  BEARER  ${a.token} `]) {
      const result = authenticateToken(db, header, Date.now());
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.token).toMatchObject({ id: a.id, name: "Okta", revokedAt: null, createdBy: "t" });
    }
  });

  it("classifies each failure without echoing the token", () => {
    const a = createToken(db, { name: "Okta" }, "t");
    const b = createToken(db, { name: "Entra", expiresInDays: 1 }, "t");
    revokeToken(db, a.id, "t");
    const now = Date.now();
    const reason = (header: string | undefined, at = now) => {
      const result = authenticateToken(db, header, at);
      if (result.ok) return "ok";
      expect(result.detail).not.toContain(a.token);
      expect(result.detail).not.toContain(b.token);
      return result.reason;
    };
    expect(reason(undefined)).toBe("missing");
    expect(reason("   ")).toBe("missing");
    expect(reason(b.token)).toBe("malformed");
    expect(reason(`Basic ${Buffer.from("u:p").toString("base64")}`)).toBe("malformed");
    expect(reason(`Bearer ${b.token} extra`)).toBe("malformed");
    expect(reason("Bearer")).toBe("malformed");
    const altered = b.token.slice(0, -1) + (b.token.endsWith("A") ? "B" : "A");
    expect(reason(`Bearer ${altered}`)).toBe("unknown");
    expect(reason("Bearer some-other-systems-token")).toBe("unknown");
    expect(reason(`Bearer ${a.token}`)).toBe("revoked");
    expect(reason(`Bearer ${b.token}`)).toBe("ok");
    expect(reason(`Bearer ${b.token}`, now + DAY + 1)).toBe("expired");
  });

  it("sees a revocation made through another connection at once", () => {
    const a = createToken(db, { name: "Okta" }, "t");
    expect(authenticateToken(db, `Bearer ${a.token}`, Date.now()).ok).toBe(true);
    db.execute("UPDATE scim_tokens SET revoked_at = ? WHERE id = ?", Date.now(), a.id);
    expect(authenticateToken(db, `Bearer ${a.token}`, Date.now())).toMatchObject({ ok: false, reason: "revoked" });
  });

  it("writes nothing", () => {
    const a = createToken(db, { name: "Okta" }, "t");
    const before = db.$client.prepare("SELECT total_changes() AS n").get() as { n: number };
    authenticateToken(db, `Bearer ${a.token}`, Date.now());
    authenticateToken(db, "Bearer acscim_" + "x".repeat(43), Date.now());
    const after = db.$client.prepare("SELECT total_changes() AS n").get() as { n: number };
    expect(after.n).toBe(before.n);
  });
});

describe("recordTokenUse", () => {
  it("writes the last-used time at most once a minute", () => {
    const a = createToken(db, { name: "Okta" }, "t");
    const now = Date.now();
    const read = () => selectRow(db, scimTokens, "id = ?", a.id)!;
    expect(recordTokenUse(db, read(), now)).toBe(true);
    expect(read().lastUsedAt).toBe(now);
    expect(recordTokenUse(db, read(), now + 30_000)).toBe(false);
    // A stale copy of the row does not cause a second write either.
    expect(recordTokenUse(db, { id: a.id, lastUsedAt: null }, now + 30_000)).toBe(false);
    expect(recordTokenUse(db, read(), now + 61_000)).toBe(true);
    expect(read().lastUsedAt).toBe(now + 61_000);
  });
});
