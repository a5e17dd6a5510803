/** `domain remove` under the rule of lib/domains/remove-domain.ts, through the real CLI program. */
import { describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { cliHarness } from "../cli-test-support";

async function planWithValidatedDomain() {
  const harness = cliHarness();
  await harness.json("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
  await harness.json("domain", "add", "acme.example");
  const db = await openDatabase(harness.databasePath);
  await db.execute("UPDATE domains SET verified_at = ? WHERE name = ?", Date.now(), "acme.example");
  return { ...harness, db };
}

const uapEnabled = async (db: Db) => (await db.row<{ on: number }>('SELECT uap_enabled AS "on" FROM plan'))?.on === 1;

describe("domain remove", () => {
  it("removing the last validated domain while UAP is on turns UAP off and says so", async () => {
    const { text, json, db } = await planWithValidatedDomain();
    await text("settings", "set", "uap", "on");
    expect(await text("domain", "remove", "acme.example")).toBe(
      "Removed domain acme.example. It was the last validated domain, so user auto-provisioning (UAP) is now off: turn it on again once a domain is validated (`settings set uap on`)\n",
    );
    expect(await uapEnabled(db)).toBe(false);
    expect(await json("domain", "list")).toEqual([]);
    await closeDatabase(db);
  });

  it("says only that the domain went when nothing else changes", async () => {
    const { json, text, db } = await planWithValidatedDomain();
    expect(await json("domain", "remove", "acme.example")).toEqual({ domain: "acme.example", uapTurnedOff: false, removed: true });
    expect(await text("domain", "list")).toMatch(/^No domains yet/);
    await closeDatabase(db);
  });

  it("is refused while Directory Integration needs the domain, UAP on or not", async () => {
    const { text, fails, db } = await planWithValidatedDomain();
    await text("settings", "set", "uap", "on");
    await db.execute("UPDATE plan SET di_enabled = 1");
    await fails(
      /^error: acme\.example is the last validated domain and Directory Integration is on: turn Directory Integration off first, then remove the domain/,
      "domain",
      "remove",
      "acme.example",
    );
    expect(await uapEnabled(db)).toBe(true);
    await closeDatabase(db);
  });
});
