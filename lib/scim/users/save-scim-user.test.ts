import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { createScimTestEnv } from "../test-support";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { USER_EMAIL_VALUES_SQL } from "./save-scim-user";

const userBody = (emails: string[]) => ({
  schemas: [SCHEMA_URNS.user],
  userName: "ada@example.com",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: emails.map((value, i) => ({ value, type: "work", primary: i === 0 })),
  active: true,
});

describe("the emails index on a SCIM write", () => {
  it("reads a user's entries over the primary key, not a scan", () => {
    const db = openTestDatabase();
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${USER_EMAIL_VALUES_SQL}`).all("u") as { detail: string }[])
      .map((r) => r.detail)
      .join("\n");
    expect(plan).toMatch(/SEARCH user_emails USING INDEX sqlite_autoindex_user_emails_1 \(user_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it("follows a PUT that changes, reorders or keeps the emails", () => {
    const scim = createScimTestEnv();
    const entries = (id: string) => scim.db.$client.prepare(USER_EMAIL_VALUES_SQL).pluck().all(id);
    const created = scim.call("POST", "/Users", userBody(["Ada@Example.com", "ada.l@example.com"]));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(entries(id)).toEqual(["ada@example.com", "ada.l@example.com"]);

    const put = (emails: string[]) => {
      const r = scim.call("PUT", `/Users/${id}`, userBody(emails));
      expect(r.status).toBe(200);
      return entries(id);
    };
    expect(put(["Ada@Example.com", "ada.l@example.com"])).toEqual(["ada@example.com", "ada.l@example.com"]);
    expect(put(["ada.l@example.com", "ada@example.com"])).toEqual(["ada.l@example.com", "ada@example.com"]);
    expect(put(["ada.l@example.com", "ada@example.com", "a@example.com"])).toEqual([
      "ada.l@example.com",
      "ada@example.com",
      "a@example.com",
    ]);
    expect(put(["ada@example.com"])).toEqual(["ada@example.com"]);
    const found = scim.call("GET", `/Users?filter=${encodeURIComponent('emails.value eq "ada@example.com"')}`);
    expect(found.json.totalResults).toBe(1);
    const gone = scim.call("GET", `/Users?filter=${encodeURIComponent('emails.value eq "a@example.com"')}`);
    expect(gone.json.totalResults).toBe(0);
  });

  it("writes each changed column of a PUT, and only bumps the version for one that changes nothing", () => {
    const scim = createScimTestEnv();
    const row = (id: string) =>
      scim.db.$client
        .prepare("SELECT user_name, external_id, display_name, given_name, family_name, email, resource, version FROM users WHERE id = ?")
        .get(id) as Record<string, unknown>;
    const base = { ...userBody(["ada@example.com"]), externalId: "okta-1", displayName: "Ada" };
    const id = scim.call("POST", "/Users", base).json.id as string;
    const before = row(id);

    const same = scim.call("PUT", `/Users/${id}`, base);
    expect(same.status).toBe(200);
    expect(row(id)).toEqual({ ...before, version: (before.version as number) + 1 });

    const changed = scim.call("PUT", `/Users/${id}`, {
      ...base,
      userName: "ada.l@example.com",
      externalId: undefined,
      displayName: "Countess",
      name: { givenName: "Augusta", familyName: "King" },
      emails: [{ value: "ada.l@example.com", type: "work", primary: true }],
      title: "Analyst",
    });
    expect(changed.status).toBe(200);
    const after = row(id);
    expect(after).toMatchObject({
      user_name: "ada.l@example.com",
      external_id: null,
      display_name: "Countess",
      given_name: "Augusta",
      family_name: "King",
      email: "ada.l@example.com",
    });
    expect(JSON.parse(after.resource as string)).toMatchObject({ title: "Analyst" });
    expect(scim.call("GET", `/Users/${id}`).json).toMatchObject({ userName: "ada.l@example.com", displayName: "Countess", title: "Analyst" });
  });
});
