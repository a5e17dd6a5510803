import { describe, expect, it } from "vitest";
import { createScimTestEnv, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { openTestDatabase } from "@/db/client";
import { saveSamlConnection } from "@/lib/sso/save-saml-connection";
import { deriveSecretBoxKey, sealSecret } from "@/lib/sso/secret-box";
import { testCertificate, withPlan } from "@/lib/sso/test-support";
import { discardHeldChanges } from "@/lib/directory/decide-held-changes";
import { updateSettings } from "@/lib/settings/update-settings";
import { clearAlert, raiseAlert } from "@/lib/alerts/raise-alert";
import { turnOffDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { refuseAdoptions } from "@/lib/directory/refuse-adoption";
import { signInPlanUser } from "@/lib/directory/sign-in-plan-user";
import { getSsoWarnings, getWarnings } from "./get-warnings";

describe("getWarnings", () => {
  it("warns about auto-upgrade with DI, expiring tokens, SCIM errors and reactivation requests", async () => {
    const scim = await createScimTestEnv();
    const now = Date.now();
    // The plan's default has auto-upgrade on, and DI is on.
    expect((await getWarnings(scim.db, now)).map((w) => w.key)).toEqual(["auto-upgrade-with-di"]);

    await revokeToken(scim.db, scim.token.id, TEST_ADMIN);
    await createToken(scim.db, { name: "Rotation", expiresInDays: 7 }, TEST_ADMIN);
    const again = await createToken(scim.db, { name: "Okta 2" }, TEST_ADMIN);
    const call = async (m: string, p: string, b?: unknown) => scim.call(m, p, b, { authorization: `Bearer ${again.token}` });
    const ada = (await call("POST", "/Users", userBody("ada@example.com"))).json;
    await call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: false } }));
    await call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: true } }));
    await scim.call("GET", "/Users"); // the revoked token: 401
    await scim.service.flush();

    const warnings = await getWarnings(scim.db, now);
    expect(warnings.map((w) => w.key)).toEqual([
      "auto-upgrade-with-di",
      "token-expiring",
      "scim-errors",
      "reactivation-requests",
    ]);
    expect(warnings[1]!.message).toContain("'Rotation' expires in 7 days");
    expect(warnings[2]!.message).toContain("1 SCIM request failed");
  });

  it("warns while the mass-deactivation breaker holds changes, and not once they are decided", async () => {
    const scim = await createScimTestEnv();
    await updateSettings(scim.db, { breakerMinPeople: 1 }, TEST_ADMIN);
    const ids: string[] = [];
    for (const n of ["a", "b", "c"]) ids.push((await scim.call("POST", "/Users", userBody(`${n}@example.com`))).json.id as string);
    for (const id of ids) await scim.call("PATCH", `/Users/${id}`, patchBody({ op: "replace", value: { active: false } }));
    const warning = (await getWarnings(scim.db, Date.now())).find((w) => w.key === "breaker-tripped");
    expect(warning).toMatchObject({ href: "/security/held-changes" });
    expect(warning!.message).toContain("2 changes from the identity provider are held");
    await discardHeldChanges(scim.db, { all: true }, TEST_ADMIN, Date.now());
    expect((await getWarnings(scim.db, Date.now())).map((w) => w.key)).not.toContain("breaker-tripped");
  });

  it("warns once while links of people from before SCIM wait for approval, with their count, and not once decided", async () => {
    const scim = await createScimTestEnv();
    await updateSettings(scim.db, { uapEnabled: true, adoptionPolicy: "admin-approval" }, TEST_ADMIN);
    for (const email of ["ada@example.com", "ben@example.com"]) {
      expect((await signInPlanUser(scim.db, { email, method: "saml", now: Date.now() })).ok).toBe(true);
      expect((await scim.call("POST", "/Users", userBody(email))).status).toBe(409);
    }
    const adoption = async () => (await getWarnings(scim.db, Date.now())).filter((w) => w.href === "/security/adoption");
    expect(await adoption()).toEqual([
      expect.objectContaining({ key: "alert:adoption.waiting", action: "Review the links", message: expect.stringContaining("2 people who were on the plan before SCIM wait") }),
    ]);
    await refuseAdoptions(scim.db, ["ada@example.com", "ben@example.com"], TEST_ADMIN, Date.now());
    expect(await adoption()).toEqual([]);
  });

  it("counts every failed request, also those the request log folded into one row", async () => {
    const scim = await createScimTestEnv();
    await revokeToken(scim.db, scim.token.id, TEST_ADMIN);
    for (let i = 0; i < 12; i++) expect((await scim.call("GET", "/Users")).status).toBe(401);
    await scim.service.flush();
    const rows = (await scim.db.row<{ n: number }>("SELECT count(*) AS n FROM activity WHERE kind = 'scim' AND status = 401"))!;
    expect(rows.n).toBeLessThan(12); // folded: fewer rows than requests
    const warning = (await getWarnings(scim.db, Date.now())).find((w) => w.key === "scim-errors");
    expect(warning?.message).toBe("12 SCIM requests failed in the last 24 hours.");
  });
});

describe("getSsoWarnings", () => {
  const DAY = 86_400_000;
  it("warns about a signing certificate expiring within 30 days or expired, and an undecryptable OIDC secret", async () => {
    const db = await openTestDatabase();
    await withPlan(db);
    const now = Date.now();
    expect(await getSsoWarnings(db, { now })).toEqual([]);
    const soon = (await testCertificate({ commonName: "soon.example", from: now - 300 * DAY, days: 310 })).cert;
    const later = (await testCertificate({ commonName: "later.example", days: 365 })).cert;
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certificates: [soon] }, "a");
    expect(await getSsoWarnings(db, { now })).toEqual([
      {
        key: "sso-certificate",
        message: expect.stringMatching(/^The IdP's signing certificate CN=soon\.example \(SHA-256 [0-9A-F:]{11}…\) expires in 9 days \(.*\): single sign-on stops then unless you add the IdP's next certificate\.$/),
        href: "/security/sso",
        action: "Update the certificate",
      },
    ]);
    expect((await getSsoWarnings(db, { now: now + 20 * DAY }))[0]?.message).toMatch(/expired on .*: single sign-on is refused until you add the IdP's current certificate/);
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certificates: [soon, later] }, "a");
    expect((await getSsoWarnings(db, { now }))[0]?.message).toMatch(/: the other certificate still works\.$/);

    await db.execute(
      "UPDATE sso_connection SET protocol = 'oidc', oidc_issuer = 'https://idp.example', oidc_client_id = 'c', oidc_client_secret_enc = ?",
      await sealSecret("s", deriveSecretBoxKey("old")),
    );
    expect(await getSsoWarnings(db, { now, secretBoxKey: deriveSecretBoxKey("old") })).toEqual([]);
    expect(await getSsoWarnings(db, { now, secretBoxKey: deriveSecretBoxKey("new") })).toEqual([
      expect.objectContaining({ key: "sso-secret", message: expect.stringMatching(/cannot be decrypted/), href: "/security/sso" }),
    ]);
  });
});

describe("getWarnings: open alerts (issue 14 §4)", () => {
  it("lists each open alert with its link and action once, leaving out those the Overview already shows, until cleared", async () => {
    const scim = await createScimTestEnv();
    const now = Date.now();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, now);
    await raiseAlert(scim.db, { event: "token.unused", key: "token.unused:t", summary: "SCIM token 'Old' has not been used since 1 Oct 2026.", link: "/security/tokens" }, now + 1);
    await raiseAlert(scim.db, { event: "token.expiring", key: "token.expiring:t", summary: "expiring", link: "/security/tokens" }, now);
    await raiseAlert(scim.db, { event: "saml.certificate-expiring", key: "saml.certificate-expiring:f", summary: "cert", link: "/security/sso" }, now);
    const alertsShown = async () => (await getWarnings(scim.db, now)).filter((w) => w.key.startsWith("alert:"));
    expect(await alertsShown()).toEqual([
      { key: "alert:token.unused", message: "SCIM token 'Old' has not been used since 1 Oct 2026.", href: "/security/tokens", action: "Review the token" },
      {
        key: "alert:di.turned-off",
        message: `Directory Integration was turned off by ${TEST_ADMIN}: the identity provider's changes (deactivations included) are refused until it is on again.`,
        href: "/security/directory",
        action: "Open Directory Integration",
      },
    ]);
    await clearAlert(scim.db, "token.unused:t", now + 2);
    expect((await alertsShown()).map((w) => w.key)).toEqual(["alert:di.turned-off"]);
  });
});
