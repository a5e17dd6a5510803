import { describe, expect, it } from "vitest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { previewDirectoryIntegration } from "./preview-directory-integration";
import { setUserSeat } from "./set-user-seat";
import { turnOffDirectoryIntegration } from "./set-directory-integration";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

describe("previewDirectoryIntegration", () => {
  it("lists what turning DI on would change, with nothing unmet", () => {
    const scim = createScimTestEnv();
    const id = scim.call("POST", "/Users", userBody("member@example.com", LICENSED)).json.id as string;
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    setUserSeat(scim.db, id, "Contributor", TEST_ADMIN, Date.now());
    const preview = previewDirectoryIntegration(scim.db, { now: Date.now() });
    expect(preview).toMatchObject({ unmet: [], upgrades: 1, downgrades: 0 });
    expect(preview.changes).toEqual([expect.objectContaining({ userId: id, from: "Contributor", to: "Member" })]);
  });

  it("names each unmet precondition with what to do", () => {
    const scim = createScimTestEnv({ domains: [], directoryIntegration: false });
    expect(previewDirectoryIntegration(scim.db, { now: Date.now() }).unmet).toEqual([
      expect.stringMatching(/^No validated domain: add a domain/),
      expect.stringMatching(/^The plan's primary email admin@example\.com is not on a validated domain/),
    ]);
  });

  it("lists at most `limit` changes, and counts them all", () => {
    const scim = createScimTestEnv();
    const ids = ["a@example.com", "b@example.com"].map((u) => scim.call("POST", "/Users", userBody(u, LICENSED)).json.id as string);
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    for (const id of ids) setUserSeat(scim.db, id, "Contributor", TEST_ADMIN, Date.now());
    const preview = previewDirectoryIntegration(scim.db, { now: Date.now(), limit: 1 });
    expect(preview).toMatchObject({ upgrades: 2, downgrades: 0 });
    expect(preview.changes).toHaveLength(1);
  });
});
