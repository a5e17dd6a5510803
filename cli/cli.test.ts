/**
 * Integration: the real CLI program in process (cli/program.ts), each test on its own
 * SQLite file, and a local DNS server for `domain verify`. cli/entry.test.ts spawns the
 * compiled entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { plan as planTable } from "@/db/schema";
import { startTestDnsServer, type TestDnsServer } from "@/lib/domains/test-dns-server";
import { cliHarness } from "./cli-test-support";

let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startTestDnsServer();
});

afterAll(async () => {
  await dns.close();
});

const withDns = () => cliHarness({ dnsServers: () => [`127.0.0.1:${dns.port}`] });

describe("admin CLI", () => {
  it("lists every command in --help, naming no internal documents", async () => {
    const { text } = cliHarness();
    const help = await text("--help");
    for (const line of [
      "admin create --email <email>",
      "admin list",
      "admin disable <email>",
      "admin enable <email>",
      "admin reset-password <email>",
      "admin unlock <email>",
      "sessions revoke",
      "plan set --name <name> --primary-email <email>",
      "scim-support on|off",
      "domain add <domain>",
      "domain verify <domain>",
      "domain list",
      "domain remove <domain>",
      "token create --name <name> [--expires-in-days <days>]",
      "token list",
      "token revoke <id>",
      "settings set contributor-auto-upgrade on|off",
      "settings set uap on|off",
      "settings set provisional-policy admin-approval|upgrade-to-member",
      "settings set review-days <days>",
      "settings set activity-retention-days <days>",
      "--json",
    ]) {
      expect(help).toContain(line);
    }
    expect(help).not.toMatch(/SPEC|§/);
  });

  it("fails usage errors with commander's one-line message, or as a JSON error with --json", async () => {
    const { fails, failsJson } = cliHarness();
    await fails(/^error: unknown command 'domian'/, "domian", "add", "acme.example");
    await fails(/^error: unknown option '--jsn'/, "token", "list", "--jsn");
    await fails(/^error: missing required argument 'domain'/, "domain", "add");
    await fails(/^error: required option '--primary-email <email>' not specified/, "plan", "set", "--name", "Acme");
    await failsJson("usage", /^unknown command 'domian'/, "domian", "add", "acme.example");
    await failsJson("usage", /^missing required argument 'domain'/, "domain", "add");
  });

  it("refuses settings before the plan exists", async () => {
    const { fails, failsJson } = cliHarness();
    await failsJson("conflict", /^No plan yet: run `plan set --name … --primary-email …`/, "scim-support", "on");
    await fails(/^error: No plan yet/, "settings", "set", "uap", "off");
  });

  it("creates an admin with a prompted password (never an argument), and refuses bad and duplicate ones", async () => {
    const { json, text, fails, failsJson, typed } = cliHarness();
    typed("correct horse battery");
    const admin = await json("admin", "create", "--email", "Boss@acme.example");
    expect(admin).toMatchObject({ email: "Boss@acme.example", name: "Boss" });
    expect(admin.id).toEqual(expect.any(String));
    expect(JSON.stringify(admin)).not.toMatch(/password|scrypt/i);
    typed("another long password");
    expect(await text("admin", "create", "--email", "ops@acme.example", "--name", "Ops")).toMatch(/Created System Admin ops@acme.example/);
    typed("correct horse battery", "correct horse battery", "short");
    await fails(/^error: the email must be an email address/, "admin", "create", "--email", "nope");
    await fails(/already exists/, "admin", "create", "--email", "boss@ACME.example");
    await failsJson("invalid", /^the password must be at least 12 characters$/, "admin", "create", "--email", "x@acme.example");
    await fails(/^error: unknown option '--password'/, "admin", "create", "--email", "y@acme.example", "--password", "in shell history");
  });

  it("lists, disables, enables, resets, unlocks admins and revokes sessions: the operator's recovery", async () => {
    const { json, text, fails, failsJson, typed, databasePath } = cliHarness();
    typed("correct horse battery", "another long password");
    await json("admin", "create", "--email", "boss@acme.example");
    await json("admin", "create", "--email", "ops@acme.example");

    // Sessions and a sign-in wait, as the server would have made them.
    const db = await openDatabase(databasePath);
    try {
      const { startAdminSession } = await import("@/lib/admins/admin-sessions");
      const { signInAdmin } = await import("@/lib/admins/sign-in-admin");
      const ops = (await json<{ id: string; email: string }[]>("admin", "list")).find((a) => a.email === "ops@acme.example")!;
      await startAdminSession(db, { adminId: ops.id, now: Date.now(), clientAddress: "198.51.100.1" });
      await startAdminSession(db, { adminId: ops.id, now: Date.now(), clientAddress: "198.51.100.2" });
      for (let i = 0; i < 12; i++) {
        await signInAdmin(db, { email: "boss@acme.example", password: "wrong password!!", clientAddress: `203.0.113.${i}`, now: Date.now() });
      }
    } finally {
      await closeDatabase(db);
    }

    const list = await json<Record<string, unknown>[]>("admin", "list");
    expect(list).toEqual([
      expect.objectContaining({ email: "boss@acme.example", openSessions: 0, disabledAt: null, signInWaitEndsAt: expect.stringMatching(/^\d{4}-/) }),
      expect.objectContaining({ email: "ops@acme.example", openSessions: 2, disabledAt: null, signInWaitEndsAt: null }),
    ]);
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|scrypt/);
    expect(await text("admin", "list")).toMatch(/boss@acme\.example\s+boss\s+sign-in waits until/);

    expect(await text("admin", "unlock", "boss@acme.example")).toMatch(/Sign-in waits on boss@acme.example cleared/);
    expect(await json("admin", "list")).toEqual(expect.arrayContaining([expect.objectContaining({ email: "boss@acme.example", signInWaitEndsAt: null })]));

    expect(await text("admin", "disable", "ops@acme.example")).toBe("ops@acme.example is disabled; 2 open sessions ended\n");
    expect(await text("admin", "disable", "OPS@acme.example")).toMatch(/already disabled: nothing changed/);
    await fails(/only enabled System Admin/, "admin", "disable", "boss@acme.example");
    expect(await text("admin", "enable", "ops@acme.example")).toBe("ops@acme.example is enabled\n");

    typed("a new password for ops", "short");
    expect(await json("admin", "reset-password", "ops@acme.example")).toEqual({ email: "ops@acme.example", sessionsEnded: 0 });
    await failsJson("invalid", /at least 12 characters/, "admin", "reset-password", "ops@acme.example");
    await failsJson("not_found", /No System Admin has the email nobody@acme.example/, "admin", "reset-password", "nobody@acme.example");

    expect(await text("sessions", "revoke", "--all")).toBe("0 open sessions ended\n");
    expect(await json("sessions", "revoke", "--admin", "ops@acme.example")).toEqual({ ended: 0 });
    await fails(/give either --admin <email> or --all/, "sessions", "revoke");
    await fails(/give either --admin <email> or --all/, "sessions", "revoke", "--all", "--admin", "ops@acme.example");

    const check = await openDatabase(databasePath);
    try {
      const actions = (await check.rows<{ action: string }>("SELECT action FROM activity")).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(["admin.unlocked", "admin.disabled", "admin.enabled", "admin.password-reset", "sessions.revoked"]));
    } finally {
      await closeDatabase(check);
    }
  });

  it("sets the plan and SCIM support", async () => {
    const { json, text, fails } = cliHarness();
    expect(await text("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example")).toMatch(/Plan "Acme" saved/);
    const plan = await json("plan", "set", "--name", "Acme Corp", "--primary-email", "it@acme.example");
    expect(plan).toMatchObject({ id: 1, name: "Acme Corp", primaryEmail: "it@acme.example", scimEnabled: false });
    expect(plan.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await json("scim-support", "on")).toMatchObject({ scimEnabled: true });
    expect(await text("scim-support", "off")).toMatch(/SCIM support is off/);
    await fails(/^error: the primary email must be an email address/, "plan", "set", "--name", "Acme", "--primary-email", "it-at-acme");
    await fails(/^error: command-argument value 'maybe' is invalid.*on, off/, "scim-support", "maybe");
  });

  it("adds, verifies through DNS, lists and removes domains", async () => {
    const { json, text, fails, failsJson } = withDns();
    await text("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
    const added = await json<{ domain: string; record: { type: string; name: string; value: string } }>(
      "domain",
      "add",
      "Acme.Example",
    );
    expect(Object.keys(added)).toEqual(["domain", "record"]);
    expect(added.domain).toBe("acme.example");
    expect(added.record).toEqual({
      type: "TXT",
      name: "_admin-center-challenge.acme.example",
      value: expect.stringMatching(/^admin-center-verification=/),
    });
    const textAdd = await text("domain", "add", "other.example");
    expect(textAdd).toContain("_admin-center-challenge.other.example");

    await fails(/^error: "not a domain" is not a valid domain name/, "domain", "add", "not a domain");
    await fails(/^error: acme.example is not validated \(no-record\): No TXT record at _admin-center-challenge.acme.example/, "domain", "verify", "acme.example");
    await fails(/^error: Domain nope.example has not been added/, "domain", "verify", "nope.example");
    await failsJson("not_found", /^Domain nope.example has not been added/, "domain", "verify", "nope.example");
    dns.setTxt(added.record.name, ["admin-center-verification=wrong"]);
    await fails(/^error: acme.example is not validated \(wrong-value\)/, "domain", "verify", "acme.example");
    dns.setTxt(added.record.name, [added.record.value]);
    expect(await json("domain", "verify", "acme.example")).toEqual({
      domain: "acme.example",
      verified: true,
      result: "verified",
      detail: expect.stringContaining("Found the verification record"),
    });

    const listed = await json<Array<{ name: string; status: string }>>("domain", "list");
    expect(listed.map((d) => [d.name, d.status])).toEqual([
      ["acme.example", "verified"],
      ["other.example", "pending"],
    ]);
    expect(await text("domain", "list")).toMatch(/acme\.example\s+verified/);

    // UAP needs a validated domain: removing the last one while UAP is on turns UAP off, and says so.
    await text("settings", "set", "uap", "on");
    expect(await json("domain", "remove", "other.example")).toEqual({ domain: "other.example", removed: true, uapTurnedOff: false });
    expect(await text("domain", "remove", "acme.example")).toMatch(
      /^Removed domain acme.example\. It was the last validated domain, so user auto-provisioning \(UAP\) is now off/,
    );
    expect(await json("settings", "show")).toMatchObject({ uapEnabled: false });
    expect(await json("domain", "list")).toEqual([]);
  });

  it("creates, limits, lists and revokes tokens", async () => {
    const { cli, json, text, fails } = cliHarness();
    const first = await json<{ id: string; name: string; token: string; expiresAt: string | null }>(
      "token",
      "create",
      "--name",
      "Okta",
    );
    expect(first).toMatchObject({ name: "Okta", expiresAt: null, createdBy: "operator (CLI)" });
    expect(first.token).toMatch(/^acscim_/);
    const second = await text("token", "create", "--name", "Okta rotation", "--expires-in-days", "30");
    expect(second).toMatch(/Copy it now/);
    expect(second).toMatch(/acscim_[A-Za-z0-9_-]{43}/);

    await fails(/^error: 2 SCIM tokens are already active .* revoke one first/, "token", "create", "--name", "third");
    await fails(/^error: No SCIM token has the id nope/, "token", "revoke", "nope");
    await fails(/^error: expires-in-days must be a whole number/, "token", "create", "--name", "x", "--expires-in-days", "soon");

    const listed = await cli("token", "list", "--json");
    expect(listed.stdout).not.toContain(first.token);
    expect(listed.stdout).not.toMatch(/acscim_|tokenHash/);
    const tokens = JSON.parse(listed.stdout) as Array<{ id: string; status: string }>;
    expect(tokens.map((t) => t.status)).toEqual(["active", "active"]);

    expect(await json("token", "revoke", first.id)).toMatchObject({ id: first.id, status: "revoked", revokedBy: "operator (CLI)" });
    const table = await text("token", "list");
    expect(table).toMatch(new RegExp(`${first.id}\\s+Okta\\s+revoked`));
    expect(table).not.toContain(first.token);
    expect(await text("token", "revoke", first.id)).toMatch(/Revoked SCIM token "Okta"/);
  });

  it("changes settings, visible at once to an open connection", async () => {
    const { databasePath, json, text, fails } = cliHarness();
    await text("plan", "set", "--name", "Acme Corp", "--primary-email", "it@acme.example");
    const server: Db = await openDatabase(databasePath);
    try {
      expect(await json("settings", "set", "auto-upgrade", "off")).toMatchObject({ autoUpgrade: false });
      expect(await text("settings", "set", "provisional-policy", "auto-upgrade")).toMatch(/Provisional Member policy is upgrade to Member/);
      expect(await json("settings", "set", "review-days", "45")).toMatchObject({ reviewDays: 45 });
      expect(await text("settings", "set", "activity-retention-days", "90")).toBe("Activity log keeps 90 days\n");
      expect(await text("settings", "show")).toMatch(/^Activity retention: +90 days$/m);
      const plan = columnsOf(planTable).mapOptional(await server.row(`SELECT ${columnsOf(planTable).list} FROM plan`));
      expect(plan).toMatchObject({ autoUpgrade: false, provisionalPolicy: "auto-upgrade", reviewDays: 45, activityRetentionDays: 90 });
      await fails(/^error: review days must be at most 365/, "settings", "set", "review-days", "366");
      await fails(/^error: review days must be a whole number/, "settings", "set", "review-days", "two");
      await fails(/^error: activity retention must be at least 30 days/, "settings", "set", "activity-retention-days", "7");
      await fails(/^error: command-argument value 'sometimes' is invalid/, "settings", "set", "provisional-policy", "sometimes");
      await fails(/^error: command-argument value 'yes' is invalid/, "settings", "set", "auto-upgrade", "yes");
      const log = await server.rows<{ actor: string; action: string }>("SELECT actor, action FROM activity");
      expect(log.filter((a) => a.actor === "operator (CLI)" && a.action === "settings.review-days")).toHaveLength(1);
    } finally {
      await closeDatabase(server);
    }
  });
});
