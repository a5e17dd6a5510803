import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { ssoReplay, ssoRequests } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { findSsoRequest, oidcStateKey, pruneSsoState, rememberSsoUse, SSO_REQUEST_LIFETIME_MS, ssoRequestCache, storeSsoRequest, takeSsoRequest } from "./sso-requests";

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sso-requests-"));
  db = openDatabase(join(dir, "test.db"), { migrate: true });
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = 1_800_000_000_000;

describe("outstanding SSO requests", () => {
  it("expire after ten minutes, and a taken request is gone", () => {
    storeSsoRequest(db, { id: oidcStateKey("s1"), protocol: "oidc", purpose: "sign-in", now: T, returnTo: "/app", codeVerifier: "v", nonce: "n" });
    expect(findSsoRequest(db, oidcStateKey("s1"), "oidc", T + SSO_REQUEST_LIFETIME_MS - 1)).toMatchObject({ returnTo: "/app", nonce: "n" });
    expect(findSsoRequest(db, oidcStateKey("s1"), "oidc", T + SSO_REQUEST_LIFETIME_MS)).toBeUndefined();
    expect(findSsoRequest(db, oidcStateKey("s1"), "saml", T)).toBeUndefined(); // another protocol's id space
    expect(takeSsoRequest(db, oidcStateKey("s1"), "oidc", T)).toMatchObject({ codeVerifier: "v" });
    expect(takeSsoRequest(db, oidcStateKey("s1"), "oidc", T)).toBeUndefined();
  });

  it("a late answer uses the request up and is still refused", () => {
    storeSsoRequest(db, { id: "x", protocol: "oidc", purpose: "sign-in", now: T });
    expect(takeSsoRequest(db, "x", "oidc", T + SSO_REQUEST_LIFETIME_MS + 1)).toBeUndefined();
    expect(selectRows(db, ssoRequests)).toEqual([]);
  });

  it("the state itself is never stored", () => {
    expect(oidcStateKey("my-state")).not.toContain("my-state");
    expect(oidcStateKey("my-state")).toBe(oidcStateKey("my-state"));
  });

  it("node-saml's cache: saved with its purpose, read back as the creation instant, removed once", async () => {
    const cache = ssoRequestCache(db, { purpose: "test", testedBy: "ada@acme.example" }, () => T);
    await cache.saveAsync("_req1", new Date(T).toISOString());
    expect(await cache.getAsync("_req1")).toBe(new Date(T).toISOString());
    expect(findSsoRequest(db, "_req1", "saml", T)).toMatchObject({ purpose: "test", testedBy: "ada@acme.example" });
    expect(await cache.removeAsync("_req1")).toBe("_req1");
    expect(await cache.getAsync("_req1")).toBeNull();
    expect(await cache.removeAsync("_req1")).toBeNull();
    const late = ssoRequestCache(db, { purpose: "sign-in" }, () => T + SSO_REQUEST_LIFETIME_MS);
    await ssoRequestCache(db, { purpose: "sign-in" }, () => T).saveAsync("_req2", "");
    expect(await late.getAsync("_req2")).toBeNull();
  });
});

describe("replay memory", () => {
  it("accepts an id once until it expires, then forgets it", () => {
    expect(rememberSsoUse(db, { id: "saml:idp:_a1", expiresAt: T + 300_000, now: T })).toBe(true);
    expect(rememberSsoUse(db, { id: "saml:idp:_a1", expiresAt: T + 300_000, now: T + 1 })).toBe(false);
    expect(pruneSsoState(db, T + 299_999)).toEqual({ requests: 0, replay: 0 });
    expect(pruneSsoState(db, T + 300_000)).toEqual({ requests: 0, replay: 1 });
    expect(selectRows(db, ssoReplay)).toEqual([]);
  });

  it("the scheduler's prune forgets expired requests only", () => {
    storeSsoRequest(db, { id: "old", protocol: "saml", purpose: "sign-in", now: T });
    storeSsoRequest(db, { id: "new", protocol: "saml", purpose: "sign-in", now: T + 60_000 });
    expect(pruneSsoState(db, T + SSO_REQUEST_LIFETIME_MS)).toEqual({ requests: 1, replay: 0 });
    expect(db.rows('SELECT id AS "id" FROM sso_requests')).toEqual([{ id: "new" }]);
  });
});
