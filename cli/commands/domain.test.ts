/** `domain remove` under the rule of lib/domains/remove-domain.ts, through the real CLI program. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { domains, plan } from "@/db/schema";
import { cliHarness } from "../cli-test-support";

async function planWithValidatedDomain() {
  const harness = cliHarness();
  await harness.json("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
  await harness.json("domain", "add", "acme.example");
  const db = openDatabase(harness.databasePath);
  db.update(domains).set({ verifiedAt: Date.now() }).where(eq(domains.name, "acme.example")).run();
  return { ...harness, db };
}

describe("domain remove", () => {
  it("removing the last validated domain while UAP is on turns UAP off and says so", async () => {
    const { text, json, db } = await planWithValidatedDomain();
    await text("settings", "set", "uap", "on");
    expect(await text("domain", "remove", "acme.example")).toBe(
      "Removed domain acme.example. It was the last validated domain, so user auto-provisioning (UAP) is now off: turn it on again once a domain is validated (`settings set uap on`)\n",
    );
    expect(db.select().from(plan).get()?.uapEnabled).toBe(false);
    expect(await json("domain", "list")).toEqual([]);
    db.$client.close();
  });

  it("says only that the domain went when nothing else changes", async () => {
    const { json, text, db } = await planWithValidatedDomain();
    expect(await json("domain", "remove", "acme.example")).toEqual({ domain: "acme.example", uapTurnedOff: false, removed: true });
    expect(await text("domain", "list")).toMatch(/^No domains yet/);
    db.$client.close();
  });

  it("is refused while Directory Integration needs the domain, UAP on or not", async () => {
    const { text, fails, db } = await planWithValidatedDomain();
    await text("settings", "set", "uap", "on");
    db.update(plan).set({ diEnabled: true }).run();
    await fails(
      /^error: acme\.example is the last validated domain and Directory Integration is on: turn Directory Integration off first, then remove the domain/,
      "domain",
      "remove",
      "acme.example",
    );
    expect(db.select().from(plan).get()?.uapEnabled).toBe(true);
    db.$client.close();
  });
});
