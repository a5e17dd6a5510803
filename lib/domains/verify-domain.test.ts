/**
 * Integration: verifyDomain through node's real resolver (createTxtResolver) against a
 * real DNS server on 127.0.0.1 (test-dns-server.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { addDomain } from "./add-domain";
import { domains$, FIND_DOMAIN_BY_NAME } from "./find-domain";
import { createTxtResolver, type TxtResolver } from "./dns-resolver";
import { startTestDnsServer, type TestDnsServer } from "./test-dns-server";
import { listValidatedDomainNames } from "./validated-domains";
import { verifyDomain } from "./verify-domain";

let dns: TestDnsServer;
let resolver: TxtResolver;
let db: Db;
const activity$ = columnsOf(activity);
const verifiedLog = async () =>
  (await db.rows(`SELECT ${activity$.list} FROM activity WHERE action = 'settings.domain-verified'`)).map(activity$.map);

beforeAll(async () => {
  dns = await startTestDnsServer(new Map([["other.example", ["v=spf1 -all"]]]));
  resolver = createTxtResolver([`127.0.0.1:${dns.port}`]);
});
afterAll(async () => {
  await dns.close();
});
beforeEach(async () => {
  db = await openTestDatabase();
});

describe("verifyDomain against a local DNS server", () => {
  it("validates the domain when the record is served", async () => {
    const { record } = await addDomain(db, "acme.example", "t");
    dns.setTxt(record.name, ["unrelated=1", record.value]);
    const result = await verifyDomain(db, "acme.example", resolver, "admin@acme.example");
    expect(result).toMatchObject({ domain: "acme.example", verified: true, result: "verified" });
    expect(await listValidatedDomainNames(db)).toEqual(["acme.example"]);
    const row = domains$.mapOptional(await db.row(FIND_DOMAIN_BY_NAME, "acme.example"));
    expect(row?.lastCheckResult).toBe("verified");
    const log = await verifiedLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: "admin@acme.example", fromValue: "pending", toValue: "verified" });
  });

  it("joins a record served as several character-strings", async () => {
    // Our values fit in one string, but a DNS host may split what it serves.
    const { record } = await addDomain(db, "split.example", "t");
    const cut = 20;
    dns.setTxt(record.name, [`x=${"y".repeat(300)}`, [record.value.slice(0, cut), record.value.slice(cut)]]);
    expect((await verifyDomain(db, "split.example", resolver, "t")).verified).toBe(true);
  });

  it("does not accept the value split across two records", async () => {
    const { record } = await addDomain(db, "two.example", "t");
    dns.setTxt(record.name, [record.value.slice(0, 20), record.value.slice(20)]);
    expect((await verifyDomain(db, "two.example", resolver, "t")).result).toBe("wrong-value");
  });

  it("answers no-record when the name does not exist (NXDOMAIN)", async () => {
    const { record } = await addDomain(db, "missing.example", "t");
    dns.remove(record.name);
    const result = await verifyDomain(db, "missing.example", resolver, "t");
    expect(result.verified).toBe(false);
    expect(result.result).toBe("no-record");
    expect(result.detail).toContain("No TXT record at _admin-center-challenge.missing.example");
    expect(result.detail).toContain("does not exist");
    expect(result.detail).toContain(record.value);
    expect(await listValidatedDomainNames(db)).toEqual([]);
    expect((await db.row<{ lastCheckResult: string | null }>('SELECT last_check_result AS "lastCheckResult" FROM domains'))?.lastCheckResult).toBe("no-record");
  });

  it("answers no-record when the name has no TXT record", async () => {
    const { record } = await addDomain(db, "empty.example", "t");
    dns.setTxt(record.name, []);
    const result = await verifyDomain(db, "empty.example", resolver, "t");
    expect(result).toMatchObject({ verified: false, result: "no-record" });
    expect(result.detail).toContain("has no TXT record");
  });

  it("answers wrong-value when a different value is published", async () => {
    const { record } = await addDomain(db, "wrong.example", "t");
    dns.setTxt(record.name, ["admin-center-verification=somebody-elses"]);
    const result = await verifyDomain(db, "wrong.example", resolver, "t");
    expect(result).toMatchObject({ verified: false, result: "wrong-value" });
    expect(result.detail).toContain('"admin-center-verification=somebody-elses"');
    expect(result.detail).toContain(`not "${record.value}"`);
    expect(await listValidatedDomainNames(db)).toEqual([]);
  });

  it("keeps a validated domain validated, without asking DNS again", async () => {
    const { record } = await addDomain(db, "kept.example", "t");
    dns.setTxt(record.name, [record.value]);
    await verifyDomain(db, "kept.example", resolver, "t");
    dns.remove(record.name);
    const again = await verifyDomain(db, "kept.example", resolver, "t");
    expect(again).toMatchObject({ verified: true, result: "verified" });
    expect(again.detail).toMatch(/already validated/);
    expect(await verifiedLog()).toHaveLength(1);
  });

  it("refuses a domain that was never added", async () => {
    await expect(verifyDomain(db, "never.example", resolver, "t")).rejects.toThrow(/domain add never.example/);
  });
});

describe("verifyDomain when DNS fails", () => {
  it("answers dns-error with the resolver's code", async () => {
    await addDomain(db, "acme.example", "t");
    const failing: TxtResolver = {
      resolveTxt: () => Promise.reject(Object.assign(new Error("queryTxt ESERVFAIL"), { code: "ESERVFAIL" })),
    };
    const result = await verifyDomain(db, "acme.example", failing, "t");
    expect(result).toMatchObject({ verified: false, result: "dns-error" });
    expect(result.detail).toMatch(/DNS lookup of _admin-center-challenge.acme.example failed \(ESERVFAIL\)/);
  });
});
