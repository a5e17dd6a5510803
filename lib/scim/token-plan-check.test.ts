import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, sqliteConnectionOf, openDatabase, type Db } from "@/db/client";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { setScimSupport } from "@/lib/plan/set-scim-support";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { createScimTestEnv, TEST_ADMIN } from "./test-support";

const DAY = 24 * 60 * 60 * 1000;
const EXISTS = `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}&startIndex=1&count=100`;

/**
 * What any cache of the token or plan check must keep (issue 16): the next request after a
 * revocation, an expiry or SCIM/DI turned off is refused, also when another connection (the
 * CLI, the Next side) made the change.
 */
describe("the token and plan check of every SCIM request", () => {
  let dir: string | undefined;
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await closeDatabase(db);
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** The service on one connection to a file, and a second connection (the CLI, the Next side) to the same file. */
  const twoConnections = async (now?: () => number) => {
    dir = mkdtempSync(join(tmpdir(), "scim-token-plan-"));
    const file = join(dir, "scim.db");
    const first = await openDatabase(file, { migrate: true });
    const second = await openDatabase(file);
    open.push(first, second);
    const scim = await createScimTestEnv({ db: first, ...(now ? { now } : {}) });
    return { scim, second };
  };

  it("refuses a token at its next request once revoked, through this connection or another", async () => {
    const { scim, second } = await twoConnections();
    expect((await scim.call("GET", EXISTS)).status).toBe(200);
    await revokeToken(scim.db, scim.token.id, TEST_ADMIN);
    const refused = await scim.call("GET", EXISTS);
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/has been revoked/);

    const other = await createToken(scim.db, { name: "Entra" }, TEST_ADMIN);
    const authorization = `Bearer ${other.token}`;
    expect((await scim.call("GET", EXISTS, undefined, { authorization })).status).toBe(200);
    await revokeToken(second, other.id, TEST_ADMIN);
    expect((await scim.call("GET", EXISTS, undefined, { authorization })).status).toBe(401);
  });

  it("refuses an expired token by the service's clock, with no write in between", async () => {
    let now = Date.now();
    const { scim } = await twoConnections(() => now);
    const expiring = await createToken(scim.db, { name: "Entra", expiresInDays: 1 }, TEST_ADMIN);
    const authorization = `Bearer ${expiring.token}`;
    expect((await scim.call("GET", EXISTS, undefined, { authorization })).status).toBe(200);
    now += 2 * DAY;
    const refused = await scim.call("GET", EXISTS, undefined, { authorization });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/expired/);
  });

  it("refuses with 403 at the next request once DI or SCIM support is turned off, through either connection", async () => {
    const { scim, second } = await twoConnections();
    expect((await scim.call("GET", EXISTS)).status).toBe(200);
    await turnOffDirectoryIntegration(second, TEST_ADMIN, Date.now());
    const off = await scim.call("GET", EXISTS);
    expect(off.status).toBe(403);
    expect(off.json.detail).toMatch(/Directory Integration is off/);
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect((await scim.call("GET", EXISTS)).status).toBe(200);
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect((await scim.call("GET", EXISTS)).json.detail).toMatch(/Directory Integration is off/);

    await setScimSupport(second, false, TEST_ADMIN);
    expect((await scim.call("GET", EXISTS)).json.detail).toMatch(/SCIM support is not enabled/);
    await setScimSupport(scim.db, true, TEST_ADMIN);
    await turnOnDirectoryIntegration(second, TEST_ADMIN, Date.now());
    expect((await scim.call("GET", EXISTS)).status).toBe(200);
  });

  it("answers 403 for a valid token on a database whose plan row is gone", async () => {
    const { scim, second } = await twoConnections();
    sqliteConnectionOf(second).pragma("foreign_keys = OFF");
    await second.execute("DELETE FROM plan");
    const refused = await scim.call("GET", EXISTS);
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/no plan yet/);
  });
});
