import { describe, expect, it } from "vitest";
import { openTestDatabase } from "./client";
import { columnsOf } from "./columns";
import { plan, ssoConnection } from "./schema";

describe("columnsOf", () => {
  it("selects every column under its TypeScript name and maps flags and JSON", async () => {
    const db = await openTestDatabase();
    const plan$ = columnsOf(plan, "p");
    expect(plan$.list).toContain('p.scim_enabled AS "scimEnabled"');
    await db.execute("INSERT INTO plan (id, name, primary_email, scim_enabled) VALUES (1, 'Acme', 'a@example.com', 1)");
    const row = plan$.mapOptional(await db.row(`SELECT ${plan$.list} FROM plan p WHERE p.id = 1`));
    expect(row).toMatchObject({ id: 1, name: "Acme", scimEnabled: true, diEnabled: false });
    expect(plan$.toStored("scimEnabled", false)).toBe(0);
    const sso$ = columnsOf(ssoConnection);
    expect(sso$.toStored("samlCertificates", ["a"])).toBe('["a"]');
  });
});
