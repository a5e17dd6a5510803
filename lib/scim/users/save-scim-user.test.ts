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
    const entries = (id: string) => scim.db.values<[string]>(USER_EMAIL_VALUES_SQL, id).map((row) => row[0]);
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
      scim.db.row("SELECT user_name, external_id, display_name, given_name, family_name, email, resource, version FROM users WHERE id = ?", id)!;
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

describe("the seat a SCIM write decides, stored by the write's own statement", () => {
  const member = (body: Record<string, unknown>) => ({ ...body, roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] });
  const seatRow = (scim: ReturnType<typeof createScimTestEnv>, id: string) =>
    scim.db.row("SELECT seat_type, seat_set_by, version FROM users WHERE id = ?", id);
  const seatEntries = (scim: ReturnType<typeof createScimTestEnv>, id: string) =>
    scim.db.rows("SELECT action, from_value, to_value FROM activity WHERE user_id = ? AND kind = 'seat' ORDER BY id", id);

  it("a create answers with the row as stored: seat decided, one seat.provisioned entry, what a GET answers", () => {
    const scim = createScimTestEnv();
    const created = scim.call("POST", "/Users", member(userBody(["ada@example.com"])));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(seatRow(scim, id)).toEqual({ seat_type: "Member", seat_set_by: "di", version: 1 });
    expect(seatEntries(scim, id)).toEqual([{ action: "seat.provisioned", from_value: null, to_value: "Member" }]);
    const read = scim.call("GET", `/Users/${id}`);
    expect(created.json).toEqual(read.json);
    expect(created.headers.ETag).toBe(read.headers.ETag);
    expect(created.headers.Location).toBe(read.json.meta.location);

    const contributor = scim.call("POST", "/Users", { ...userBody(["bob@example.com"]), userName: "bob@example.com" });
    expect(seatRow(scim, contributor.json.id)).toEqual({ seat_type: "Contributor", seat_set_by: "default", version: 1 });
    expect(seatEntries(scim, contributor.json.id)).toEqual([{ action: "seat.provisioned", from_value: null, to_value: "Contributor" }]);
  });

  it("a PUT that changes the seat moves the version once, logs the change once, and answers what a GET answers", () => {
    const scim = createScimTestEnv();
    const id = scim.call("POST", "/Users", member(userBody(["ada@example.com"]))).json.id as string;
    const down = scim.call("PUT", `/Users/${id}`, userBody(["ada@example.com"]));
    expect(down.status).toBe(200);
    expect(seatRow(scim, id)).toEqual({ seat_type: "Contributor", seat_set_by: "di", version: 2 });
    expect(down.json).toEqual(scim.call("GET", `/Users/${id}`).json);
    const up = scim.call("PUT", `/Users/${id}`, member(userBody(["ada@example.com"])), { ifMatch: down.headers.ETag });
    expect(up.status).toBe(200);
    expect(up.json[SCHEMA_URNS.seatUser].seatType).toBe("Member");
    expect(up.json).toEqual(scim.call("GET", `/Users/${id}`).json);
    expect(seatEntries(scim, id)).toEqual([
      { action: "seat.provisioned", from_value: null, to_value: "Member" },
      { action: "seat.changed", from_value: "Member", to_value: "Contributor" },
      { action: "seat.changed", from_value: "Contributor", to_value: "Member" },
    ]);
    const patched = scim.call("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "roles", value: [] }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json[SCHEMA_URNS.seatUser].seatType).toBe("Contributor");
    expect(patched.json).toEqual(scim.call("GET", `/Users/${id}`).json);
    expect(seatRow(scim, id)).toMatchObject({ seat_type: "Contributor", version: 4 });
  });
});
