/** Integration: through node's resolver against the local DNS server (test-dns-server.ts). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { addDomain } from "./add-domain";
import { createTxtResolver, type TxtResolver } from "./dns-resolver";
import { startTestDnsServer, type TestDnsServer } from "./test-dns-server";
import { verifyDomainWithEvidence } from "./verify-domain-with-evidence";

let dns: TestDnsServer;
let resolver: TxtResolver;
let db: Db;

beforeAll(async () => {
  dns = await startTestDnsServer();
  resolver = createTxtResolver([`127.0.0.1:${dns.port}`]);
});
afterAll(async () => {
  await dns.close();
});
beforeEach(async () => {
  db = await openTestDatabase();
});

describe("verifyDomainWithEvidence", () => {
  it("shows the values found next to the expected one when the value is wrong", async () => {
    const { record } = await addDomain(db, "wrong.example", "t");
    dns.setTxt(record.name, ["admin-center-verification=old", ["v=spf1 ", "-all"]]);
    const result = await verifyDomainWithEvidence(db, "Wrong.Example", resolver, "t");
    expect(result).toMatchObject({ domain: "wrong.example", verified: false, result: "wrong-value", record });
    expect(result.found).toEqual(["admin-center-verification=old", "v=spf1 -all"]);
  });

  it("finds nothing when no record is published", async () => {
    const { record } = await addDomain(db, "none.example", "t");
    dns.remove(record.name);
    const result = await verifyDomainWithEvidence(db, "none.example", resolver, "t");
    expect(result).toMatchObject({ verified: false, result: "no-record", found: [] });
    expect(result.record.value).toBe(record.value);
  });

  it("reports the record it judged when it verifies", async () => {
    const { record } = await addDomain(db, "ok.example", "t");
    dns.setTxt(record.name, [record.value]);
    const result = await verifyDomainWithEvidence(db, "ok.example", resolver, "t");
    expect(result).toMatchObject({ verified: true, result: "verified", found: [record.value] });
  });

  it("refuses a domain that was never added, saying how to add it", async () => {
    await expect(verifyDomainWithEvidence(db, "nope.example", resolver, "t")).rejects.toThrow(AppError);
    await expect(verifyDomainWithEvidence(db, "nope.example", resolver, "t")).rejects.toThrow(/has not been added/);
  });
});
