import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
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
  afterEach(() => {
    for (const db of open.splice(0)) db.$client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** The service on one connection to a file, and a second connection (the CLI, the Next side) to the same file. */
  const twoConnections = (now?: () => number) => {
    dir = mkdtempSync(join(tmpdir(), "scim-token-plan-"));
    const file = join(dir, "scim.db");
    const first = openDatabase(file, { migrate: true });
    const second = openDatabase(file);
    open.push(first, second);
    const scim = createScimTestEnv({ db: first, ...(now ? { now } : {}) });
    return { scim, second };
  };

  it("refuses a token at its next request once revoked, through this connection or another", () => {
    const { scim, second } = twoConnections();
    expect(scim.call("GET", EXISTS).status).toBe(200);
    revokeToken(scim.db, scim.token.id, TEST_ADMIN);
    const refused = scim.call("GET", EXISTS);
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/has been revoked/);

    const other = createToken(scim.db, { name: "Entra" }, TEST_ADMIN);
    const authorization = `Bearer ${other.token}`;
    expect(scim.call("GET", EXISTS, undefined, { authorization }).status).toBe(200);
    revokeToken(second, other.id, TEST_ADMIN);
    expect(scim.call("GET", EXISTS, undefined, { authorization }).status).toBe(401);
  });

  it("refuses an expired token by the service's clock, with no write in between", () => {
    let now = Date.now();
    const { scim } = twoConnections(() => now);
    const expiring = createToken(scim.db, { name: "Entra", expiresInDays: 1 }, TEST_ADMIN);
    const authorization = `Bearer ${expiring.token}`;
    expect(scim.call("GET", EXISTS, undefined, { authorization }).status).toBe(200);
    now += 2 * DAY;
    const refused = scim.call("GET", EXISTS, undefined, { authorization });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/expired/);
  });

  it("refuses with 403 at the next request once DI or SCIM support is turned off, through either connection", () => {
    const { scim, second } = twoConnections();
    expect(scim.call("GET", EXISTS).status).toBe(200);
    turnOffDirectoryIntegration(second, TEST_ADMIN, Date.now());
    const off = scim.call("GET", EXISTS);
    expect(off.status).toBe(403);
    expect(off.json.detail).toMatch(/Directory Integration is off/);
    turnOnDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect(scim.call("GET", EXISTS).status).toBe(200);
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect(scim.call("GET", EXISTS).json.detail).toMatch(/Directory Integration is off/);

    setScimSupport(second, false, TEST_ADMIN);
    expect(scim.call("GET", EXISTS).json.detail).toMatch(/SCIM support is not enabled/);
    setScimSupport(scim.db, true, TEST_ADMIN);
    turnOnDirectoryIntegration(second, TEST_ADMIN, Date.now());
    expect(scim.call("GET", EXISTS).status).toBe(200);
  });

  it("answers 403 for a valid token on a database whose plan row is gone", () => {
    const { scim, second } = twoConnections();
    second.$client.pragma("foreign_keys = OFF");
    second.execute("DELETE FROM plan");
    const refused = scim.call("GET", EXISTS);
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/no plan yet/);
  });
});
