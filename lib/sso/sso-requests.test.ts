import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { ssoReplay, ssoRequests } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { findSsoRequest, oidcStateKey, pruneSsoState, rememberSsoUse, SSO_REQUEST_LIFETIME_MS, ssoRequestCache, storeSsoRequest, takeSsoRequest } from "./sso-requests";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "sso-requests-"));
  db = await openDatabase(join(dir, "test.db"), { migrate: true });
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const T = 1_800_000_000_000;

describe("outstanding SSO requests", () => {
  it("expire after ten minutes, and a taken request is gone", async () => {
    await storeSsoRequest(db, { id: oidcStateKey("s1"), protocol: "oidc", purpose: "sign-in", now: T, returnTo: "/app", codeVerifier: "v", nonce: "n" });
    expect(await findSsoRequest(db, oidcStateKey("s1"), "oidc", T + SSO_REQUEST_LIFETIME_MS - 1)).toMatchObject({ returnTo: "/app", nonce: "n" });
    expect(await findSsoRequest(db, oidcStateKey("s1"), "oidc", T + SSO_REQUEST_LIFETIME_MS)).toBeUndefined();
    expect(await findSsoRequest(db, oidcStateKey("s1"), "saml", T)).toBeUndefined(); // another protocol's id space
    expect(await takeSsoRequest(db, oidcStateKey("s1"), "oidc", T)).toMatchObject({ codeVerifier: "v" });
    expect(await takeSsoRequest(db, oidcStateKey("s1"), "oidc", T)).toBeUndefined();
  });

  it("a late answer uses the request up and is still refused", async () => {
    await storeSsoRequest(db, { id: "x", protocol: "oidc", purpose: "sign-in", now: T });
    expect(await takeSsoRequest(db, "x", "oidc", T + SSO_REQUEST_LIFETIME_MS + 1)).toBeUndefined();
    expect(await selectRows(db, ssoRequests)).toEqual([]);
  });

  it("the state itself is never stored", () => {
    expect(oidcStateKey("my-state")).not.toContain("my-state");
    expect(oidcStateKey("my-state")).toBe(oidcStateKey("my-state"));
  });

  it("node-saml's cache: saved with its purpose, read back as the creation instant, removed once", async () => {
    const cache = ssoRequestCache(db, { purpose: "test", testedBy: "ada@acme.example" }, () => T);
    await cache.saveAsync("_req1", new Date(T).toISOString());
    expect(await cache.getAsync("_req1")).toBe(new Date(T).toISOString());
    expect(await findSsoRequest(db, "_req1", "saml", T)).toMatchObject({ purpose: "test", testedBy: "ada@acme.example" });
    expect(await cache.removeAsync("_req1")).toBe("_req1");
    expect(await cache.getAsync("_req1")).toBeNull();
    expect(await cache.removeAsync("_req1")).toBeNull();
    const late = ssoRequestCache(db, { purpose: "sign-in" }, () => T + SSO_REQUEST_LIFETIME_MS);
    await ssoRequestCache(db, { purpose: "sign-in" }, () => T).saveAsync("_req2", "");
    expect(await late.getAsync("_req2")).toBeNull();
  });
});

describe("replay memory", () => {
  it("accepts an id once until it expires, then forgets it", async () => {
    expect(await rememberSsoUse(db, { id: "saml:idp:_a1", expiresAt: T + 300_000, now: T })).toBe(true);
    expect(await rememberSsoUse(db, { id: "saml:idp:_a1", expiresAt: T + 300_000, now: T + 1 })).toBe(false);
    expect(await pruneSsoState(db, T + 299_999)).toEqual({ requests: 0, replay: 0 });
    expect(await pruneSsoState(db, T + 300_000)).toEqual({ requests: 0, replay: 1 });
    expect(await selectRows(db, ssoReplay)).toEqual([]);
  });

  it("the scheduler's prune forgets expired requests only", async () => {
    await storeSsoRequest(db, { id: "old", protocol: "saml", purpose: "sign-in", now: T });
    await storeSsoRequest(db, { id: "new", protocol: "saml", purpose: "sign-in", now: T + 60_000 });
    expect(await pruneSsoState(db, T + SSO_REQUEST_LIFETIME_MS)).toEqual({ requests: 1, replay: 0 });
    expect(await db.rows('SELECT id AS "id" FROM sso_requests')).toEqual([{ id: "new" }]);
  });
});
