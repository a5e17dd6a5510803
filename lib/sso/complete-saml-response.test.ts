/**
 * The SAML flow end to end against the test IdP's real output (lib/testing/saml-idp.ts):
 * our AuthnRequest goes to the IdP's SSO endpoint over HTTP, the IdP signs a response for
 * it with its generated key, and that response is handed to the ACS use case exactly as a
 * browser would post it. Nothing on the validation path (node-saml, xml-crypto) is mocked.
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
import { startTestSamlIdp, type SignResponseOptions, type TestSamlIdp } from "@/lib/testing/saml-idp";
import { completeSamlResponse } from "./complete-saml-response";
import { spValues } from "./sp-values";
import { deriveSecretBoxKey } from "./secret-box";
import { startSsoSignIn } from "./start-sso-sign-in";

const ORIGIN = "http://admin.acme.example";
const SP = spValues(ORIGIN);
const KEY = deriveSecretBoxKey("a test server secret of at least 32 characters");

let idp: TestSamlIdp;
let dir: string;
let db: Db;

beforeAll(async () => {
  idp = await startTestSamlIdp();
});
afterAll(async () => {
  await idp.close();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "sso-saml-"));
  db = await openDatabase(join(dir, "test.db"), { migrate: true });
  await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  await db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES ('d1', 'acme.example', 'v', 1, 'test')");
  await db.execute(
    `INSERT INTO sso_connection (id, protocol, enabled, idp_name, saml_idp_entity_id, saml_sso_url, saml_certificates, updated_by)
      VALUES (1, 'saml', 1, 'Test IdP', ?, ?, ?, 'test')`,
    idp.entityId,
    idp.ssoUrl,
    JSON.stringify([idp.certificatePem]),
  );
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a sign-in as the sign-in page does, and lets the IdP see our AuthnRequest over HTTP. */
async function startAndReachIdp(email: string, purpose: "sign-in" | "test" = "sign-in") {
  const started = await startSsoSignIn(db, {
    ...(purpose === "sign-in" ? { purpose, email } : { purpose, testedBy: "ada@acme.example" }),
    origin: ORIGIN,
    now: Date.now(),
    secretBoxKey: KEY,
    returnTo: "/app/sheets",
  });
  const url = new URL(started.redirectUrl);
  expect(url.origin + url.pathname).toBe(idp.ssoUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Sign in as");
  const request = idp.requests.at(-1)!;
  expect(request.acsUrl).toBe(SP.acsUrl);
  expect(request.issuer).toBe(SP.entityId);
  expect(url.searchParams.get("RelayState")).toBe(request.id);
  return request;
}

/** The IdP's browser form post: its login endpoint answers with the auto-submitting form. */
async function loginAtIdp(request: { id: string; relayState: string | null }, email: string): Promise<{ SAMLResponse: string; RelayState: string | null }> {
  const body = new URLSearchParams({ id: request.id, acs: SP.acsUrl, audience: SP.entityId, email, RelayState: request.relayState ?? "" });
  const html = await (await fetch(`${idp.url}/login`, { method: "POST", body })).text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;
  expect(html).toContain(`action="${SP.acsUrl}"`);
  return { SAMLResponse: field("SAMLResponse")!, RelayState: field("RelayState") };
}

const post = async (samlResponse: string, relayState: string | null = null, browserRequestIds: string[] | null = null) =>
  completeSamlResponse(db, { samlResponse, relayState, browserRequestIds, origin: ORIGIN, now: Date.now(), clientAddress: "203.0.113.9" });

const entries = async (action: string) => selectRows(db, activity, "action = ?", action);

async function expectRefusedWithNothingCreated(outcome: Awaited<ReturnType<typeof post>>, check: string, reason: RegExp) {
  expect(outcome).toMatchObject({ kind: "refused" });
  const [entry] = await entries("sso.refused");
  expect(entry).toMatchObject({ kind: "auth", clientAddress: "203.0.113.9", details: { protocol: "saml", check } });
  expect(entry!.reason).toMatch(reason);
  expect(await selectRows(db, sessions)).toEqual([]);
  expect(await selectRows(db, users, "email = ?", "new@acme.example")).toEqual([]);
}

describe("a SAML sign-in", () => {
  it("signs an active user in, records the first sign-in, and goes where they were headed", async () => {
    const user = await insertPlanUser(db, { email: "grace@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    const request = await startAndReachIdp("grace@acme.example");
    const form = await loginAtIdp(request, "Grace@Acme.example");
    const outcome = await post(form.SAMLResponse, form.RelayState);
    expect(outcome).toMatchObject({ kind: "signed-in", returnTo: "/app/sheets" });
    const row = (await selectRows(db, users, "id = ?", user.id))[0]!;
    expect(row.firstSignInAt).not.toBeNull();
    expect(await selectRows(db, sessions, "user_id = ?", user.id)).toHaveLength(1);
    expect((await entries("sso.sign-in"))[0]).toMatchObject({ userId: user.id, clientAddress: "203.0.113.9" });
    expect(await selectRows(db, ssoRequests)).toEqual([]); // the request is used up
  });

  it("on https, takes only answers to requests this browser started (no login CSRF)", async () => {
    await insertPlanUser(db, { email: "grace@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    const theirs = await startAndReachIdp("grace@acme.example");
    const form = await loginAtIdp(theirs, "grace@acme.example");
    // Someone else's sign-in, posted by a victim's browser whose cookie names other requests.
    const forced = await post(form.SAMLResponse, form.RelayState, ["_a-request-of-this-browser"]);
    await expectRefusedWithNothingCreated(forced, "Browser", /not started in this browser/);
    expect(forced).toMatchObject({ kind: "refused", reason: "expired-request" });
    // The browser that started it gets in with the same response.
    const own = await post(form.SAMLResponse, form.RelayState, ["_an-older-one", theirs.id]);
    expect(own).toMatchObject({ kind: "signed-in" });
  });

  it("adds a person on a validated domain as a Contributor when UAP is on", async () => {
    await db.execute("UPDATE plan SET uap_enabled = 1");
    const request = await startAndReachIdp("new@acme.example");
    const outcome = await post((await loginAtIdp(request, "new@acme.example")).SAMLResponse);
    expect(outcome).toMatchObject({ kind: "signed-in" });
    expect((await selectRows(db, users, "email = ?", "new@acme.example"))[0]).toMatchObject({ seatType: "Contributor", source: "uap" });
  });

  it("refuses a person who is not on the plan while UAP is off, creating nothing", async () => {
    const request = await startAndReachIdp("new@acme.example");
    const outcome = await post((await loginAtIdp(request, "new@acme.example")).SAMLResponse);
    expect(outcome).toEqual({ kind: "refused", reason: "not-on-plan", email: "new@acme.example" });
    expect(await selectRows(db, users)).toEqual([]);
    expect(await selectRows(db, sessions)).toEqual([]);
  });

  it("refuses a deactivated user", async () => {
    const user = await insertPlanUser(db, { email: "old@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    await db.execute("UPDATE users SET status = 'deactivated' WHERE id = ?", user.id);
    const request = await startAndReachIdp("old@acme.example");
    const outcome = await post((await loginAtIdp(request, "old@acme.example")).SAMLResponse);
    expect(outcome).toMatchObject({ kind: "refused", reason: "deactivated" });
    expect(await selectRows(db, sessions)).toEqual([]);
  });
});

describe("a SAML response we cannot trust is refused, logged, and creates nothing", () => {
  beforeEach(async () => {
    await db.execute("UPDATE plan SET uap_enabled = 1"); // so that only the protocol can refuse
  });

  async function respond(overrides: Partial<SignResponseOptions>) {
    const request = await startAndReachIdp("new@acme.example");
    return post(idp.signResponse({ email: "new@acme.example", acsUrl: SP.acsUrl, audience: SP.entityId, inResponseTo: request.id, ...overrides }));
  }

  it.each([
    ["tampered signature", { tamper: "tampered" }, "Signature", /not signed by a certificate saved/],
    ["signature wrapping", { tamper: "wrapped" }, "Signature", /not signed by a certificate saved|more than one assertion/],
    ["unsigned", { tamper: "unsigned" }, "Signature", /not signed/],
    ["only the Response signed", { tamper: "response-only-signed" }, "Signature", /not signed/],
    ["unknown certificate", { tamper: "other-key" }, "Signature", /another key/],
    ["wrong audience", { audience: "https://other.example/saml" }, "Audience", /another service provider/],
    ["wrong recipient", { recipient: "https://other.example/acs" }, "Recipient", /not to our ACS/],
    ["wrong destination", { destination: "https://other.example/acs" }, "Destination", /not for our ACS/],
    ["expired", { notBefore: new Date(Date.now() - 20 * 60_000), notOnOrAfter: new Date(Date.now() - 10 * 60_000) }, "Clock (NotBefore / NotOnOrAfter)", /expired/],
    ["not yet valid", { notBefore: new Date(Date.now() + 10 * 60_000), notOnOrAfter: new Date(Date.now() + 20 * 60_000) }, "Clock (NotBefore / NotOnOrAfter)", /not valid yet/],
    ["wrong issuer", { issuer: "https://evil.example/idp" }, "Issuer", /not by this connection's identity provider/],
  ] as const)("%s", async (_name, overrides, check, reason) => {
    const outcome = await respond(overrides as Partial<SignResponseOptions>);
    await expectRefusedWithNothingCreated(outcome, check, reason);
    expect(outcome).toMatchObject({ reason: "invalid-response" });
  });

  it("accepts a response signed on both the Response and the assertion (Okta's option)", async () => {
    expect(await respond({ tamper: "response-and-assertion-signed" })).toMatchObject({ kind: "signed-in" });
  });

  it("a replayed response: the request it answered is used up", async () => {
    const request = await startAndReachIdp("new@acme.example");
    const response = idp.signResponse({ email: "new@acme.example", acsUrl: SP.acsUrl, audience: SP.entityId, inResponseTo: request.id });
    expect(await post(response)).toMatchObject({ kind: "signed-in" });
    const replay = await post(response);
    expect(replay).toMatchObject({ kind: "refused", reason: "expired-request" });
    expect((await entries("sso.refused"))[0]).toMatchObject({ details: { protocol: "saml", check: "InResponseTo" } });
    expect(await selectRows(db, sessions)).toHaveLength(1);
  });

  it("a replayed IdP-initiated assertion: its ID is remembered", async () => {
    await db.execute("UPDATE sso_connection SET saml_allow_idp_initiated = 1");
    const response = idp.signResponse({ email: "new@acme.example", acsUrl: SP.acsUrl, audience: SP.entityId, inResponseTo: null });
    expect(await post(response, "/app/sheets")).toMatchObject({ kind: "signed-in", returnTo: "/app/sheets" });
    const replay = await post(response);
    expect(replay).toMatchObject({ kind: "refused", reason: "invalid-response" });
    expect((await entries("sso.refused"))[0]).toMatchObject({ details: { protocol: "saml", check: "Replay" } });
    expect(await selectRows(db, sessions)).toHaveLength(1);
  });

  it("refuses an IdP-initiated response unless the admin allowed them", async () => {
    const outcome = await post(idp.signResponse({ email: "new@acme.example", acsUrl: SP.acsUrl, audience: SP.entityId, inResponseTo: null }));
    await expectRefusedWithNothingCreated(outcome, "InResponseTo", /did not ask for/);
  });

  it("refuses garbage without throwing", async () => {
    await expectRefusedWithNothingCreated(await post("bm90IHhtbA=="), "Response", /not a SAML response/);
  });

  it("refuses a response to a request that was never sent", async () => {
    const outcome = await post(idp.signResponse({ email: "new@acme.example", acsUrl: SP.acsUrl, audience: SP.entityId, inResponseTo: "_never-sent" }));
    await expectRefusedWithNothingCreated(outcome, "InResponseTo", /no sign-in we are waiting for/);
  });

  it("accepts the second certificate while the IdP rotates its key", async () => {
    await db.execute("UPDATE sso_connection SET saml_certificates = ?", JSON.stringify([idp.otherCertificatePem, idp.certificatePem]));
    expect(await respond({})).toMatchObject({ kind: "signed-in" });
  });
});

describe("a SAML Test sign-in", () => {
  it("records what the IdP asserted and every check, without a session", async () => {
    const request = await startAndReachIdp("", "test");
    const outcome = await post((await loginAtIdp(request, "grace@acme.example")).SAMLResponse);
    expect(outcome).toMatchObject({ kind: "tested" });
    const entry = (await entries("sso.test"))[0]!;
    expect(outcome).toEqual({ kind: "tested", activityId: entry.id });
    expect(entry.details).toMatchObject({
      protocol: "saml",
      ok: true,
      error: null,
      subject: "grace@acme.example",
      email: "grace@acme.example",
      attributes: { email: ["grace@acme.example"] },
      testedBy: "ada@acme.example",
      wouldSignIn: expect.stringMatching(/not a user of this plan/),
    });
    const names = (entry.details!.checks as { name: string; ok: boolean }[]).map((c) => `${c.name}:${c.ok}`);
    expect(names).toEqual(expect.arrayContaining(["Signature:true", "Audience:true", "Recipient:true", "Issuer:true", "InResponseTo:true"]));
    expect(await selectRows(db, sessions)).toEqual([]);
    expect(await selectRows(db, users)).toEqual([]);
  });

  it("shows a failure on the result page rather than refusing a person", async () => {
    const request = await startAndReachIdp("", "test");
    const outcome = await post(idp.signResponse({ email: "grace@acme.example", acsUrl: SP.acsUrl, audience: "https://other.example", inResponseTo: request.id }));
    expect(outcome).toMatchObject({ kind: "tested" });
    expect((await entries("sso.test"))[0]!.details).toMatchObject({ ok: false, error: expect.stringMatching(/^Audience: /) });
    expect(await entries("sso.refused")).toEqual([]);
  });
});
