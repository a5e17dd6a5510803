import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity, scimTokens } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { selectRow, selectRows } from "@/lib/scim/test-support";
import { createToken } from "./create-token";
import { hashToken } from "./hash-token";
import { listTokens } from "./list-tokens";
import { revokeToken } from "./revoke-token";
import { thrownByAsync } from "@/lib/testing/thrown-by";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const DAY = 24 * 60 * 60 * 1000;
const expire = async (id: string) =>
  db.execute("UPDATE scim_tokens SET expires_at = ? WHERE id = ?", Date.now() - 1000, id);

const caught = (promise: Promise<unknown>): Promise<AppError> => thrownByAsync(AppError, () => promise);

describe("createToken", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const before = Date.now();
    const created = await createToken(db, { name: " Okta " }, "admin@acme.example");
    expect(created).toMatchObject({ name: "Okta", createdBy: "admin@acme.example", expiresAt: null });
    expect(created.token).toMatch(/^acscim_[A-Za-z0-9_-]{43}$/);
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    const row = await selectRow(db, scimTokens);
    expect(row?.tokenHash).toBe(hashToken(created.token));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await selectRows(db, scimTokens))).not.toContain(created.token);
    expect(JSON.stringify(await selectRows(db, activity))).not.toContain(created.token);
    expect(await selectRow(db, activity)).toMatchObject({
      kind: "settings",
      action: "settings.token-created",
      tokenId: created.id,
      toValue: "Okta",
    });
  });

  it("sets the expiry from expiresInDays", async () => {
    const created = await createToken(db, { name: "Okta", expiresInDays: 90 }, "t");
    expect(created.expiresAt).toBe(created.createdAt + 90 * DAY);
  });

  it.each([0, -1, 1.5, 3651])("rejects expiresInDays %s", async (expiresInDays) => {
    await expect(createToken(db, { name: "Okta", expiresInDays }, "t")).rejects.toThrow(/expires-in-days/);
  });

  it("rejects an empty name", async () => {
    await expect(createToken(db, { name: "  " }, "t")).rejects.toThrow(/token name must not be empty/);
  });

  it("allows two active tokens and refuses a third, naming them", async () => {
    const a = await createToken(db, { name: "Okta" }, "t");
    await createToken(db, { name: "Okta rotation" }, "t");
    const error = await caught(createToken(db, { name: "third" }, "t"));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/2 SCIM tokens are already active/);
    expect(error.message).toContain(a.id);
    expect(error.message).toMatch(/revoke one first \(`token revoke <id>`/);
    expect(await selectRows(db, scimTokens)).toHaveLength(2);
  });

  it("does not count revoked or expired tokens", async () => {
    const a = await createToken(db, { name: "a" }, "t");
    const b = await createToken(db, { name: "b" }, "t");
    await revokeToken(db, a.id, "t");
    const c = await createToken(db, { name: "c" }, "t");
    await expire(b.id);
    await createToken(db, { name: "d" }, "t");
    await expect(createToken(db, { name: "e" }, "t")).rejects.toThrow(/already active/);
    expect((await listTokens(db)).find((t) => t.id === c.id)?.status).toBe("active");
  });
});

describe("listTokens", () => {
  it("lists status and never the token or its hash", async () => {
    const a = await createToken(db, { name: "a" }, "t");
    const b = await createToken(db, { name: "b", expiresInDays: 1 }, "t");
    await revokeToken(db, a.id, "admin@acme.example");
    const now = Date.now();
    expect(Object.fromEntries((await listTokens(db, now)).map((t) => [t.name, t.status]))).toEqual({ a: "revoked", b: "active" });
    expect((await listTokens(db, now + 2 * DAY)).find((t) => t.id === b.id)?.status).toBe("expired");
    const listed = JSON.stringify(await listTokens(db));
    expect(listed).not.toContain(a.token);
    expect(listed).not.toContain(hashToken(a.token));
    expect(listed).not.toContain("tokenHash");
    expect((await listTokens(db)).find((t) => t.id === a.id)).toMatchObject({ revokedBy: "admin@acme.example" });
  });
});

describe("revokeToken", () => {
  it("revokes once, logs once, and is harmless when repeated", async () => {
    const a = await createToken(db, { name: "a" }, "t");
    expect((await revokeToken(db, a.id, "admin@acme.example")).status).toBe("revoked");
    expect((await revokeToken(db, a.id, "admin@acme.example")).status).toBe("revoked");
    const log = await selectRows(db, activity, "action = 'settings.token-revoked'");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ tokenId: a.id, fromValue: "active", toValue: "revoked", actor: "admin@acme.example" });
  });

  it("says where to find the ids for an unknown id", async () => {
    const error = await caught(revokeToken(db, "nope", "t"));
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/No SCIM token has the id nope: `token list` shows the ids/);
  });
});
