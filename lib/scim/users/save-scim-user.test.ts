import { describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";
import { createScimTestEnv, type ScimTestEnv } from "../test-support";
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
  it.skipIf(onPostgres)("reads a user's entries over the primary key, not a scan", async () => {
    const db = await openTestDatabase();
    const plan = (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${USER_EMAIL_VALUES_SQL}`).all("u") as { detail: string }[])
      .map((r) => r.detail)
      .join("\n");
    expect(plan).toMatch(/SEARCH user_emails USING INDEX sqlite_autoindex_user_emails_1 \(user_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it("follows a PUT that changes, reorders or keeps the emails", async () => {
    const scim = await createScimTestEnv();
    const entries = async (id: string) => (await scim.db.values<[string]>(USER_EMAIL_VALUES_SQL, id)).map((row) => row[0]);
    const created = await scim.call("POST", "/Users", userBody(["Ada@Example.com", "ada.l@example.com"]));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(await entries(id)).toEqual(["ada@example.com", "ada.l@example.com"]);

    const put = async (emails: string[]) => {
      const r = await scim.call("PUT", `/Users/${id}`, userBody(emails));
      expect(r.status).toBe(200);
      return entries(id);
    };
    expect(await put(["Ada@Example.com", "ada.l@example.com"])).toEqual(["ada@example.com", "ada.l@example.com"]);
    expect(await put(["ada.l@example.com", "ada@example.com"])).toEqual(["ada.l@example.com", "ada@example.com"]);
    expect(await put(["ada.l@example.com", "ada@example.com", "a@example.com"])).toEqual([
      "ada.l@example.com",
      "ada@example.com",
      "a@example.com",
    ]);
    expect(await put(["ada@example.com"])).toEqual(["ada@example.com"]);
    const found = await scim.call("GET", `/Users?filter=${encodeURIComponent('emails.value eq "ada@example.com"')}`);
    expect(found.json.totalResults).toBe(1);
    const gone = await scim.call("GET", `/Users?filter=${encodeURIComponent('emails.value eq "a@example.com"')}`);
    expect(gone.json.totalResults).toBe(0);
  });

  it("writes each changed column of a PUT, and only bumps the version for one that changes nothing", async () => {
    const scim = await createScimTestEnv();
    const row = async (id: string) =>
      (await scim.db.row("SELECT user_name, external_id, display_name, given_name, family_name, email, resource, version FROM users WHERE id = ?", id))!;
    const base = { ...userBody(["ada@example.com"]), externalId: "okta-1", displayName: "Ada" };
    const id = (await scim.call("POST", "/Users", base)).json.id as string;
    const before = await row(id);

    const same = await scim.call("PUT", `/Users/${id}`, base);
    expect(same.status).toBe(200);
    expect(await row(id)).toEqual({ ...before, version: (before.version as number) + 1 });

    const changed = await scim.call("PUT", `/Users/${id}`, {
      ...base,
      userName: "ada.l@example.com",
      externalId: undefined,
      displayName: "Countess",
      name: { givenName: "Augusta", familyName: "King" },
      emails: [{ value: "ada.l@example.com", type: "work", primary: true }],
      title: "Analyst",
    });
    expect(changed.status).toBe(200);
    const after = await row(id);
    expect(after).toMatchObject({
      user_name: "ada.l@example.com",
      external_id: null,
      display_name: "Countess",
      given_name: "Augusta",
      family_name: "King",
      email: "ada.l@example.com",
    });
    expect(JSON.parse(after.resource as string)).toMatchObject({ title: "Analyst" });
    expect((await scim.call("GET", `/Users/${id}`)).json).toMatchObject({ userName: "ada.l@example.com", displayName: "Countess", title: "Analyst" });
  });
});

describe("the seat a SCIM write decides, stored by the write's own statement", () => {
  const member = (body: Record<string, unknown>) => ({ ...body, roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] });
  const seatRow = async (scim: ScimTestEnv, id: string) =>
    scim.db.row("SELECT seat_type, seat_set_by, version FROM users WHERE id = ?", id);
  const seatEntries = async (scim: ScimTestEnv, id: string) =>
    scim.db.rows("SELECT action, from_value, to_value FROM activity WHERE user_id = ? AND kind = 'seat' ORDER BY id", id);

  it("a create answers with the row as stored: seat decided, one seat.provisioned entry, what a GET answers", async () => {
    const scim = await createScimTestEnv();
    const created = await scim.call("POST", "/Users", member(userBody(["ada@example.com"])));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(await seatRow(scim, id)).toEqual({ seat_type: "Member", seat_set_by: "di", version: 1 });
    expect(await seatEntries(scim, id)).toEqual([{ action: "seat.provisioned", from_value: null, to_value: "Member" }]);
    const read = await scim.call("GET", `/Users/${id}`);
    expect(created.json).toEqual(read.json);
    expect(created.headers.ETag).toBe(read.headers.ETag);
    expect(created.headers.Location).toBe(read.json.meta.location);

    const contributor = await scim.call("POST", "/Users", { ...userBody(["bob@example.com"]), userName: "bob@example.com" });
    expect(await seatRow(scim, contributor.json.id)).toEqual({ seat_type: "Contributor", seat_set_by: "default", version: 1 });
    expect(await seatEntries(scim, contributor.json.id)).toEqual([{ action: "seat.provisioned", from_value: null, to_value: "Contributor" }]);
  });

  it("a PUT that changes the seat moves the version once, logs the change once, and answers what a GET answers", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", member(userBody(["ada@example.com"])))).json.id as string;
    const down = await scim.call("PUT", `/Users/${id}`, userBody(["ada@example.com"]));
    expect(down.status).toBe(200);
    expect(await seatRow(scim, id)).toEqual({ seat_type: "Contributor", seat_set_by: "di", version: 2 });
    expect(down.json).toEqual((await scim.call("GET", `/Users/${id}`)).json);
    const up = await scim.call("PUT", `/Users/${id}`, member(userBody(["ada@example.com"])), { ifMatch: down.headers.ETag });
    expect(up.status).toBe(200);
    expect(up.json[SCHEMA_URNS.seatUser].seatType).toBe("Member");
    expect(up.json).toEqual((await scim.call("GET", `/Users/${id}`)).json);
    expect(await seatEntries(scim, id)).toEqual([
      { action: "seat.provisioned", from_value: null, to_value: "Member" },
      { action: "seat.changed", from_value: "Member", to_value: "Contributor" },
      { action: "seat.changed", from_value: "Contributor", to_value: "Member" },
    ]);
    const patched = await scim.call("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "roles", value: [] }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json[SCHEMA_URNS.seatUser].seatType).toBe("Contributor");
    expect(patched.json).toEqual((await scim.call("GET", `/Users/${id}`)).json);
    expect(await seatRow(scim, id)).toMatchObject({ seat_type: "Contributor", version: 4 });
  });
});
