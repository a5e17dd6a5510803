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
});
