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
import { thrownBy } from "@/lib/testing/thrown-by";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const markVerified = (name: string) => db.execute("UPDATE domains SET verified_at = ? WHERE name = ?", Date.now(), name);
const activity$ = columnsOf(activity);
const activityLog = () => db.rows(`SELECT ${activity$.list} FROM activity`).map(activity$.map);

const caught = (fn: () => unknown): AppError => thrownBy(AppError, fn);

describe("addDomain", () => {
  it("returns the TXT record to publish and logs the change", () => {
    const added = addDomain(db, " Acme.Example ", "admin@acme.example");
    expect(added.domain).toBe("acme.example");
    expect(added.record.type).toBe("TXT");
    expect(added.record.name).toBe("_admin-center-challenge.acme.example");
    expect(added.record.value).toMatch(/^admin-center-verification=[A-Za-z0-9_-]{32}$/);
    const [log] = activityLog();
    expect(log).toMatchObject({ kind: "settings", action: "settings.domain-added", actor: "admin@acme.example", reason: "acme.example" });
  });

  it("gives each domain its own random value", () => {
    expect(addDomain(db, "a.example", "t").record.value).not.toBe(addDomain(db, "b.example", "t").record.value);
  });

  it("returns the existing record when the domain is added again", () => {
    const first = addDomain(db, "acme.example", "t");
    expect(addDomain(db, "ACME.example.", "t")).toEqual(first);
    expect(db.rows("SELECT id FROM domains")).toHaveLength(1);
    expect(activityLog()).toHaveLength(1);
  });

  it("refuses a bad domain name", () => {
    const error = caught(() => addDomain(db, "https://acme.example/", "t"));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/not a valid domain name/);
    expect(db.rows("SELECT id FROM domains")).toHaveLength(0);
  });
});

describe("listDomains", () => {
  it("lists every domain with its status and record", () => {
    addDomain(db, "b.example", "t");
    addDomain(db, "a.example", "t");
    markVerified("b.example");
    expect(listDomains(db).map((d) => [d.name, d.status, d.record.name])).toEqual([
      ["a.example", "pending", "_admin-center-challenge.a.example"],
      ["b.example", "verified", "_admin-center-challenge.b.example"],
    ]);
  });
});

describe("validated domains", () => {
  beforeEach(() => {
    addDomain(db, "acme.example", "t");
    addDomain(db, "pending.example", "t");
    markVerified("acme.example");
  });

  it("lists only validated names", () => {
    expect(listValidatedDomainNames(db)).toEqual(["acme.example"]);
  });

  it("matches an email's domain exactly, case-insensitively", () => {
    expect(isEmailOnValidatedDomain(db, "Jane@ACME.example")).toBe(true);
    expect(isEmailOnValidatedDomain(db, "jane@pending.example")).toBe(false);
    expect(isEmailOnValidatedDomain(db, "jane@other.example")).toBe(false);
    expect(isEmailOnValidatedDomain(db, "not-an-email")).toBe(false);
  });

  it("does not count subdomains of a validated domain", () => {
    expect(isEmailOnValidatedDomain(db, "jane@sales.acme.example")).toBe(false);
    addDomain(db, "sales.acme.example", "t");
    markVerified("sales.acme.example");
    expect(isEmailOnValidatedDomain(db, "jane@sales.acme.example")).toBe(true);
  });
});

describe("removeDomain", () => {
  beforeEach(() => {
    setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  });

  it("removes a domain and logs it", () => {
    addDomain(db, "acme.example", "t");
    expect(removeDomain(db, "ACME.example", "admin@acme.example")).toEqual({ domain: "acme.example", uapTurnedOff: false });
    expect(listDomains(db)).toEqual([]);
    const last = activityLog().at(-1);
    expect(last).toMatchObject({ action: "settings.domain-removed", fromValue: "pending", actor: "admin@acme.example" });
  });

  it("says how to add a domain that is not there", () => {
    const error = caught(() => removeDomain(db, "nope.example", "t"));
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/domain add nope.example/);
  });

  it("removing the last validated domain while UAP is on turns UAP off, once the caller confirmed it", () => {
    addDomain(db, "acme.example", "t");
    addDomain(db, "pending.example", "t");
    markVerified("acme.example");
    updateSettings(db, { uapEnabled: true }, "t");
    expect(listDomainRemovals(db)).toEqual({
      "acme.example": {
        effect: "turns-uap-off",
        message:
          "acme.example is the last validated domain: removing it also turns user auto-provisioning (UAP) off, because UAP needs a validated domain",
      },
      // A pending domain is not what UAP relies on.
      "pending.example": { effect: "removes" },
    });
    // Unconfirmed (a screen read before UAP went on), nothing changes.
    const error = caught(() => removeDomain(db, "acme.example", "t"));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/turns user auto-provisioning \(UAP\) off.*Confirm the removal/);
    expect(listValidatedDomainNames(db)).toEqual(["acme.example"]);
    expect(getPlan(db)?.uapEnabled).toBe(true);

    expect(removeDomain(db, "pending.example", "t")).toEqual({ domain: "pending.example", uapTurnedOff: false });
    expect(removeDomain(db, "acme.example", "admin@acme.example", { confirmUapOff: true })).toEqual({
      domain: "acme.example",
      uapTurnedOff: true,
    });
    expect(listDomains(db)).toEqual([]);
    expect(getPlan(db)?.uapEnabled).toBe(false);
    const [removed, uap] = activityLog().slice(-2);
    expect(removed).toMatchObject({ action: "settings.domain-removed", toValue: "removed", actor: "admin@acme.example" });
    expect(uap).toMatchObject({
      action: "settings.uap",
      fromValue: "on",
      toValue: "off",
      actor: "admin@acme.example",
      reason: "acme.example, the last validated domain, was removed",
    });
  });

  it("keeps UAP on when another validated domain is left", () => {
    addDomain(db, "acme.example", "t");
    addDomain(db, "other.example", "t");
    markVerified("acme.example");
    markVerified("other.example");
    updateSettings(db, { uapEnabled: true }, "t");
    expect(listDomainRemovals(db)["acme.example"]).toEqual({ effect: "removes" });
    expect(removeDomain(db, "acme.example", "t")).toEqual({ domain: "acme.example", uapTurnedOff: false });
    expect(getPlan(db)?.uapEnabled).toBe(true);
    expect(listDomainRemovals(db)["other.example"]?.effect).toBe("turns-uap-off");
  });

  it("removes the last validated domain once UAP is off", () => {
    addDomain(db, "acme.example", "t");
    markVerified("acme.example");
    removeDomain(db, "acme.example", "t");
    expect(listDomains(db)).toEqual([]);
  });

  it("refuses to take away the primary email's domain while DI is on", () => {
    addDomain(db, "acme.example", "t");
    addDomain(db, "other.example", "t");
    markVerified("acme.example");
    markVerified("other.example");
    db.execute("UPDATE plan SET di_enabled = 1");
    expect(listDomainRemovals(db)["acme.example"]).toMatchObject({ effect: "refused", blocker: "primary-email" });
    expect(caught(() => removeDomain(db, "acme.example", "t")).message).toMatch(/primary email it@acme.example is on acme.example/);
    removeDomain(db, "other.example", "t");
    expect(listDomainRemovals(db)["acme.example"]).toMatchObject({ effect: "refused", blocker: "directory-integration" });
    expect(caught(() => removeDomain(db, "acme.example", "t", { confirmUapOff: true })).message).toMatch(
      /last validated domain and Directory Integration is on/,
    );
    expect(listValidatedDomainNames(db)).toEqual(["acme.example"]);
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
