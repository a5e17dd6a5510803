import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getPlan } from "@/lib/plan/get-plan";
import { setPlan } from "@/lib/plan/set-plan";
import { updateSettings } from "@/lib/settings/update-settings";
import { addDomain } from "./add-domain";
import { listDomains } from "./list-domains";
import { domainRemoval, listDomainRemovals, removeDomain } from "./remove-domain";
import { isEmailOnValidatedDomain, listValidatedDomainNames } from "./validated-domains";
import { thrownByAsync } from "@/lib/testing/thrown-by";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const markVerified = async (name: string) => db.execute("UPDATE domains SET verified_at = ? WHERE name = ?", Date.now(), name);
const activity$ = columnsOf(activity);
const activityLog = async () => (await db.rows(`SELECT ${activity$.list} FROM activity`)).map(activity$.map);

const caught = (promise: Promise<unknown>): Promise<AppError> => thrownByAsync(AppError, () => promise);

describe("addDomain", () => {
  it("returns the TXT record to publish and logs the change", async () => {
    const added = await addDomain(db, " Acme.Example ", "admin@acme.example");
    expect(added.domain).toBe("acme.example");
    expect(added.record.type).toBe("TXT");
    expect(added.record.name).toBe("_admin-center-challenge.acme.example");
    expect(added.record.value).toMatch(/^admin-center-verification=[A-Za-z0-9_-]{32}$/);
    const [log] = await activityLog();
    expect(log).toMatchObject({ kind: "settings", action: "settings.domain-added", actor: "admin@acme.example", reason: "acme.example" });
  });

  it("gives each domain its own random value", async () => {
    expect((await addDomain(db, "a.example", "t")).record.value).not.toBe((await addDomain(db, "b.example", "t")).record.value);
  });

  it("returns the existing record when the domain is added again", async () => {
    const first = await addDomain(db, "acme.example", "t");
    expect(await addDomain(db, "ACME.example.", "t")).toEqual(first);
    expect(await db.rows("SELECT id FROM domains")).toHaveLength(1);
    expect(await activityLog()).toHaveLength(1);
  });

  it("refuses a bad domain name", async () => {
    const error = await caught(addDomain(db, "https://acme.example/", "t"));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/not a valid domain name/);
    expect(await db.rows("SELECT id FROM domains")).toHaveLength(0);
  });
});

describe("listDomains", () => {
  it("lists every domain with its status and record", async () => {
    await addDomain(db, "b.example", "t");
    await addDomain(db, "a.example", "t");
    await markVerified("b.example");
    expect((await listDomains(db)).map((d) => [d.name, d.status, d.record.name])).toEqual([
      ["a.example", "pending", "_admin-center-challenge.a.example"],
      ["b.example", "verified", "_admin-center-challenge.b.example"],
    ]);
  });
});

describe("validated domains", () => {
  beforeEach(async () => {
    await addDomain(db, "acme.example", "t");
    await addDomain(db, "pending.example", "t");
    await markVerified("acme.example");
  });

  it("lists only validated names", async () => {
    expect(await listValidatedDomainNames(db)).toEqual(["acme.example"]);
  });

  it("matches an email's domain exactly, case-insensitively", async () => {
    expect(await isEmailOnValidatedDomain(db, "Jane@ACME.example")).toBe(true);
    expect(await isEmailOnValidatedDomain(db, "jane@pending.example")).toBe(false);
    expect(await isEmailOnValidatedDomain(db, "jane@other.example")).toBe(false);
    expect(await isEmailOnValidatedDomain(db, "not-an-email")).toBe(false);
  });

  it("does not count subdomains of a validated domain", async () => {
    expect(await isEmailOnValidatedDomain(db, "jane@sales.acme.example")).toBe(false);
    await addDomain(db, "sales.acme.example", "t");
    await markVerified("sales.acme.example");
    expect(await isEmailOnValidatedDomain(db, "jane@sales.acme.example")).toBe(true);
  });
});

describe("removeDomain", () => {
  beforeEach(async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  });

  it("removes a domain and logs it", async () => {
    await addDomain(db, "acme.example", "t");
    expect(await removeDomain(db, "ACME.example", "admin@acme.example")).toEqual({ domain: "acme.example", uapTurnedOff: false });
    expect(await listDomains(db)).toEqual([]);
    const last = (await activityLog()).at(-1);
    expect(last).toMatchObject({ action: "settings.domain-removed", fromValue: "pending", actor: "admin@acme.example" });
  });

  it("says how to add a domain that is not there", async () => {
    const error = await caught(removeDomain(db, "nope.example", "t"));
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/domain add nope.example/);
  });

  it("removing the last validated domain while UAP is on turns UAP off, once the caller confirmed it", async () => {
    await addDomain(db, "acme.example", "t");
    await addDomain(db, "pending.example", "t");
    await markVerified("acme.example");
    await updateSettings(db, { uapEnabled: true }, "t");
    expect(await listDomainRemovals(db)).toEqual({
      "acme.example": {
        effect: "turns-uap-off",
        message:
          "acme.example is the last validated domain: removing it also turns user auto-provisioning (UAP) off, because UAP needs a validated domain",
      },
      // A pending domain is not what UAP relies on.
      "pending.example": { effect: "removes" },
    });
    // Unconfirmed (a screen read before UAP went on), nothing changes.
    const error = await caught(removeDomain(db, "acme.example", "t"));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/turns user auto-provisioning \(UAP\) off.*Confirm the removal/);
    expect(await listValidatedDomainNames(db)).toEqual(["acme.example"]);
    expect((await getPlan(db))?.uapEnabled).toBe(true);

    expect(await removeDomain(db, "pending.example", "t")).toEqual({ domain: "pending.example", uapTurnedOff: false });
    expect(await removeDomain(db, "acme.example", "admin@acme.example", { confirmUapOff: true })).toEqual({
      domain: "acme.example",
      uapTurnedOff: true,
    });
    expect(await listDomains(db)).toEqual([]);
    expect((await getPlan(db))?.uapEnabled).toBe(false);
    const [removed, uap] = (await activityLog()).slice(-2);
    expect(removed).toMatchObject({ action: "settings.domain-removed", toValue: "removed", actor: "admin@acme.example" });
    expect(uap).toMatchObject({
      action: "settings.uap",
      fromValue: "on",
      toValue: "off",
      actor: "admin@acme.example",
      reason: "acme.example, the last validated domain, was removed",
    });
  });

  it("keeps UAP on when another validated domain is left", async () => {
    await addDomain(db, "acme.example", "t");
    await addDomain(db, "other.example", "t");
    await markVerified("acme.example");
    await markVerified("other.example");
    await updateSettings(db, { uapEnabled: true }, "t");
    expect((await listDomainRemovals(db))["acme.example"]).toEqual({ effect: "removes" });
    expect(await removeDomain(db, "acme.example", "t")).toEqual({ domain: "acme.example", uapTurnedOff: false });
    expect((await getPlan(db))?.uapEnabled).toBe(true);
    expect((await listDomainRemovals(db))["other.example"]?.effect).toBe("turns-uap-off");
  });

  it("removes the last validated domain once UAP is off", async () => {
    await addDomain(db, "acme.example", "t");
    await markVerified("acme.example");
    await removeDomain(db, "acme.example", "t");
    expect(await listDomains(db)).toEqual([]);
  });

  it("refuses to take away the primary email's domain while DI is on", async () => {
    await addDomain(db, "acme.example", "t");
    await addDomain(db, "other.example", "t");
    await markVerified("acme.example");
    await markVerified("other.example");
    await db.execute("UPDATE plan SET di_enabled = 1");
    expect((await listDomainRemovals(db))["acme.example"]).toMatchObject({ effect: "refused", blocker: "primary-email" });
    expect((await caught(removeDomain(db, "acme.example", "t"))).message).toMatch(/primary email it@acme.example is on acme.example/);
    await removeDomain(db, "other.example", "t");
    expect((await listDomainRemovals(db))["acme.example"]).toMatchObject({ effect: "refused", blocker: "directory-integration" });
    expect((await caught(removeDomain(db, "acme.example", "t", { confirmUapOff: true }))).message).toMatch(
      /last validated domain and Directory Integration is on/,
    );
    expect(await listValidatedDomainNames(db)).toEqual(["acme.example"]);
  });

  it("while DI is on, the last validated domain stays refused even with UAP on: DI's reason, not UAP's", () => {
    const facts = { uapEnabled: true, diEnabled: true, primaryEmail: "it@acme.example" };
    expect(domainRemoval({ name: "acme.example", verified: true }, 0, facts)).toMatchObject({
      effect: "refused",
      blocker: "directory-integration",
    });
    expect(domainRemoval({ name: "acme.example", verified: true }, 0, { ...facts, diEnabled: false })).toMatchObject({
      effect: "turns-uap-off",
    });
    expect(domainRemoval({ name: "acme.example", verified: false }, 0, facts)).toEqual({ effect: "removes" });
    expect(domainRemoval({ name: "acme.example", verified: true }, 0, undefined)).toEqual({ effect: "removes" });
  });
});
