/**
 * The OpenID Connect flow end to end against a real OpenID Provider (oidc-provider, via
 * lib/testing/oidc-provider.ts): our authorization URL is followed over HTTP through the
 * OP's login page, the real code and ID token come back, and the callback use case checks
 * them with openid-client. Nothing on the validation path is mocked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { activity, sessions, ssoRequests, users } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { insertPlanUser } from "@/lib/directory/insert-plan-user";
import { setPlan } from "@/lib/plan/set-plan";
import { startTestOidcProvider, type TestOidcProvider } from "@/lib/testing/oidc-provider";
import { completeOidcCallback } from "./complete-oidc-callback";
import { deriveSecretBoxKey, sealSecret } from "./secret-box";
import { spValues } from "./sp-values";
import { startSsoSignIn } from "./start-sso-sign-in";

const ORIGIN = "http://admin.acme.example";
const SP = spValues(ORIGIN);
const KEY = deriveSecretBoxKey("a test server secret of at least 32 characters");

let op: TestOidcProvider;
/** A second, genuine provider with the same client: what a mix-up attack would relay. */
let otherOp: TestOidcProvider;
let dir: string;
let db: Db;

beforeAll(async () => {
  op = await startTestOidcProvider({ redirectUri: SP.oidcRedirectUri });
  otherOp = await startTestOidcProvider({ redirectUri: SP.oidcRedirectUri, clientId: op.clientId, clientSecret: op.clientSecret });
});
afterAll(async () => {
  await Promise.all([op.close(), otherOp.close()]);
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "sso-oidc-"));
  db = await openDatabase(join(dir, "test.db"), { migrate: true });
  await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  await db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES ('d1', 'acme.example', 'v', 1, 'test')");
  await db.execute(
    `INSERT INTO sso_connection (id, protocol, enabled, idp_name, oidc_issuer, oidc_client_id, oidc_client_secret_enc, updated_by)
      VALUES (1, 'oidc', 1, 'Test OP', ?, ?, ?, 'test')`,
    op.issuer,
    op.clientId,
    await sealSecret(op.clientSecret, KEY),
  );
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

async function start(email: string, purpose: "sign-in" | "test" = "sign-in") {
  const started = await startSsoSignIn(db, {
    ...(purpose === "sign-in" ? { purpose, email } : { purpose, testedBy: "ada@acme.example" }),
    origin: ORIGIN,
    now: Date.now(),
    secretBoxKey: KEY,
    returnTo: "/app/sheets",
  });
  const url = new URL(started.redirectUrl);
  expect(url.origin).toBe(op.issuer);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("redirect_uri")).toBe(SP.oidcRedirectUri);
  expect(started.oidcState).toBe(url.searchParams.get("state"));
  return { url, state: started.oidcState! };
}

const callback = async (redirect: URL, stateCookie: string | null) =>
  completeOidcCallback(db, { query: redirect.search, stateCookie, origin: ORIGIN, secretBoxKey: KEY, now: Date.now(), clientAddress: "198.51.100.7" });

const entries = async (action: string) => selectRows(db, activity, "action = ?", action);

async function expectRefused(outcome: Awaited<ReturnType<typeof callback>>, check: string, reason: RegExp) {
  expect(outcome).toMatchObject({ kind: "refused" });
  const [entry] = await entries("sso.refused");
  expect(entry?.reason).toMatch(reason);
  expect(entry).toMatchObject({ kind: "auth", clientAddress: "198.51.100.7", details: { protocol: "oidc", check } });
  expect(await selectRows(db, sessions)).toEqual([]);
}

describe("an OpenID Connect sign-in", () => {
  it("signs an active user in with a code from the real provider, and uses the request up", async () => {
    const user = await insertPlanUser(db, { email: "grace@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    const { url, state } = await start("grace@acme.example");
    expect(url.searchParams.get("login_hint")).toBe("grace@acme.example");
    const redirect = await op.signInOverHttp(url, "grace@acme.example");
    expect(redirect.origin + redirect.pathname).toBe(SP.oidcRedirectUri);
    const outcome = await callback(redirect, state);
    expect(outcome).toMatchObject({ kind: "signed-in", returnTo: "/app/sheets" });
    expect((await selectRows(db, users, "id = ?", user.id))[0]!.firstSignInAt).not.toBeNull();
    expect((await entries("sso.sign-in"))[0]).toMatchObject({ userId: user.id, clientAddress: "198.51.100.7" });
    expect(await selectRows(db, ssoRequests)).toEqual([]);
    // The same answer again: its request is gone.
    expect(await callback(redirect, state)).toMatchObject({ kind: "refused", reason: "expired-request" });
  });

  it("UAP on adds the person; UAP off refuses them", async () => {
    let { url, state } = await start("new@acme.example");
    expect(await callback(await op.signInOverHttp(url, "new@acme.example"), state)).toMatchObject({ kind: "refused", reason: "not-on-plan" });
    expect(await selectRows(db, users)).toEqual([]);
    await db.execute("UPDATE plan SET uap_enabled = 1");
    ({ url, state } = await start("new@acme.example"));
    expect(await callback(await op.signInOverHttp(url, "new@acme.example"), state)).toMatchObject({ kind: "signed-in" });
    expect((await selectRows(db, users))[0]).toMatchObject({ email: "new@acme.example", seatType: "Contributor", source: "uap" });
  });
});

describe("an OpenID Connect answer we cannot trust is refused, logged, and creates nothing", () => {
  beforeEach(async () => {
    await db.execute("UPDATE plan SET uap_enabled = 1"); // so that only the protocol can refuse
  });

  it("wrong state: an answer to a sign-in that was never started", async () => {
    const { url, state } = await start("new@acme.example");
    const redirect = await op.signInOverHttp(url, "new@acme.example");
    redirect.searchParams.set("state", "forged-state");
    await expectRefused(await callback(redirect, state), "State", /names no sign-in we are waiting for/);
  });

  it("wrong state: the sign-in was started in another browser (login CSRF)", async () => {
    const { url } = await start("new@acme.example");
    const redirect = await op.signInOverHttp(url, "new@acme.example");
    await expectRefused(await callback(redirect, null), "State", /not started in this browser/);
    expect(await selectRows(db, users)).toEqual([]);
  });

  it("wrong nonce: an ID token minted for another request", async () => {
    const { url, state } = await start("new@acme.example");
    url.searchParams.set("nonce", "someone-elses-nonce");
    await expectRefused(await callback(await op.signInOverHttp(url, "new@acme.example"), state), "Nonce", /nonce/);
    expect(await selectRows(db, users)).toEqual([]);
  });

  it("wrong issuer: a code from another provider relayed to our callback (mix-up)", async () => {
    const { url, state } = await start("new@acme.example");
    const relayed = new URL(url.pathname + url.search, otherOp.issuer);
    const redirect = await otherOp.signInOverHttp(relayed, "new@acme.example");
    await expectRefused(await callback(redirect, state), "Issuer", /not issued by this connection's provider/);
    expect(await selectRows(db, users)).toEqual([]);
  });

  it("the provider's refusal (access_denied) is logged as such", async () => {
    const { state } = await start("new@acme.example");
    const redirect = new URL(`${SP.oidcRedirectUri}?${new URLSearchParams({ error: "access_denied", error_description: "User is not assigned", state, iss: op.issuer })}`);
    await expectRefused(await callback(redirect, state), "Status", /User is not assigned/);
  });
});

describe("an OpenID Connect Test sign-in", () => {
  it("records the claims and checks, and creates no session", async () => {
    const { url, state } = await start("", "test");
    const outcome = await callback(await op.signInOverHttp(url, "grace@acme.example"), state);
    const entry = (await entries("sso.test"))[0]!;
    expect(outcome).toEqual({ kind: "tested", activityId: entry.id });
    expect(entry.details).toMatchObject({
      protocol: "oidc",
      ok: true,
      subject: "grace@acme.example",
      email: "grace@acme.example",
      attributes: { email_verified: ["true"], name: ["grace"] },
      testedBy: "ada@acme.example",
    });
    const names = (entry.details!.checks as { name: string; ok: boolean }[]).map((c) => `${c.name}:${c.ok}`);
    expect(names).toEqual(expect.arrayContaining(["State:true", "Nonce:true", "Issuer:true", "Audience:true", "Signature:true", "PKCE:true"]));
    expect(await selectRows(db, sessions)).toEqual([]);
  });
});
