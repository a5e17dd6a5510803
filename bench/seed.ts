/**
 * Seeds a fresh benchmark database in bulk: one transaction of cached INSERTs (a chunk of rows
 * each on PostgreSQL, bench/bulk-insert.ts), with the
 * same column values the SCIM write path derives (normalizeResource, userColumnsFromResource,
 * storedResourceOf, the canonical direct_roles), so the server reads rows it could have
 * written itself. Going through SCIM would take minutes at 100,000 users.
 *
 * The plan is set up the way a System Admin would (SCIM support on, a validated domain, a
 * token) but Directory Integration is left OFF, with seats as they were managed by hand:
 * turning DI on (bench/tasks.ts `di-on`) is then the full re-evaluation issue 6 times.
 *
 *   tsx bench/seed.ts --users 10000 --out bench/.data/users-10000.db
 */
import { rmSync } from "node:fs";
import pg from "pg";
import { closeDatabase, isPostgresUrl, sqliteConnectionOf, inTransaction, openDatabase, type Db } from "@/db/client";
import type { SeatSetter, SeatType } from "@/db/schema";
import { addDomain } from "@/lib/domains/add-domain";
import { newId } from "@/lib/ids";
import { setPlan } from "@/lib/plan/set-plan";
import { setScimSupport } from "@/lib/plan/set-scim-support";
import { normalizeResource } from "@/lib/scim/normalize";
import { RESOURCE_TYPES } from "@/lib/scim/schemas";
import { storedResourceOf, userColumnsFromResource } from "@/lib/scim/users/user-columns";
import { encodeDirectRoles, rolesFromScim } from "@/lib/seats/roles";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { createAdmin } from "@/lib/admins/create-admin";
import { BulkInsert } from "./bulk-insert";
import { seedActivity } from "./seed-activity";
import { BENCH_DOMAIN, GUEST_DOMAIN, hasMemberRole, nameOf, userBodyOf, type Json } from "./people";

export const BENCH_ADMIN = "bench-admin@example.com";
/** The bench admin's password: the page workload (bench/pages.ts) signs in with it as a browser would. */
export const BENCH_ADMIN_PASSWORD = "bench-admin-password-1";
/** Activity entries per user (issue 13: 1,000,000 at 100,000 users). */
export const ACTIVITY_PER_USER = 10;
const DAY = 24 * 60 * 60 * 1000;

const INSERT_USER = `INSERT INTO users (id, user_name, user_name_norm, external_id, display_name, given_name, family_name,
    name_norm, family_name_norm, email, email_norm, status, seat_type, seat_set_by, pending_override, review_started_at, review_ends_at,
    deactivated_at, source, first_sign_in_at, last_sign_in_at, direct_roles, resource, version, created_at, updated_at) VALUES`;
const USER_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
const INSERT_EMAIL = "INSERT INTO user_emails (user_id, position, value_norm) VALUES";
const EMAIL_ROW = "(?, ?, ?)";
const INSERT_GROUP = `INSERT INTO groups (id, display_name, display_name_norm, external_id, version, created_at, updated_at)
  VALUES (?, ?, ?, ?, 1, ?, ?)`;
const INSERT_MEMBER = "INSERT INTO group_members (group_id, user_id, added_at) VALUES";
const MEMBER_ROW = "(?, ?, ?)";
const INSERT_MAPPING = "INSERT INTO group_role_mappings (group_id, role, mapped_by, mapped_at) VALUES (?, ?, ?, ?)";
// The history a directory of this size has: one SCIM create per user.
const INSERT_ACTIVITY = "INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms, token_id, user_id, details) VALUES";
const ACTIVITY_ROW = "(?, 'scim', ?, 'scim.post', 'POST', '/Users', 201, 2, ?, ?, ?)";

export interface SeedOptions {
  path: string;
  users: number;
  /** Members of the big group (mapped to LICENSED_USER); capped at `users`. */
  bigGroupMembers: number;
  groups?: number;
  /** Activity entries per user; 0 for the one SCIM create per user alone. */
  activityPerUser?: number;
}

export interface SeedResult {
  path: string;
  users: number;
  token: string;
  tokenName: string;
  bigGroupId: string;
  bigGroupMembers: number;
  groups: number;
  memberships: number;
  activityRows: number;
  seconds: number;
}

type Kind = "guest" | "no-access" | "deactivated" | "provisional" | "normal";

/** A few users of every kind docs/product.md §2 knows, at fixed positions. */
function kindOf(i: number): Kind {
  switch (i % 100) {
    case 97:
      return "guest";
    case 98:
      return "no-access";
    case 96:
      return "deactivated";
    case 95:
      return "provisional";
    default:
      return "normal";
  }
}

export async function seedDatabase(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  // A PostgreSQL URL names a new, empty database (bench/run.ts --db postgres makes it).
  const sqlite = !isPostgresUrl(options.path);
  if (sqlite) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${options.path}${suffix}`, { force: true });
  const db = await openDatabase(options.path, { migrate: true });
  // A bulk load: a page cache large enough to hold the indexes being built, and no fsync
  // until the end (the file is thrown away if the seed fails).
  if (sqlite) {
    sqliteConnectionOf(db).pragma("cache_size = -262144");
    sqliteConnectionOf(db).pragma("synchronous = OFF");
  }
  try {
    return await seedInto(db, options, started);
  } finally {
    if (sqlite) sqliteConnectionOf(db).pragma("wal_checkpoint(TRUNCATE)");
    await closeDatabase(db);
    if (!sqlite) await vacuumPostgres(options.path);
  }
}

/**
 * VACUUM ANALYZE after the bulk load: autovacuum would within a minute (its insert threshold),
 * and until it has no page is all-visible, so an index-only scan reads the table anyway. On a
 * connection of its own: VACUUM cannot run in a transaction, and every statement of db/ does.
 */
async function vacuumPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

async function seedInto(db: Db, options: SeedOptions, started: number): Promise<SeedResult> {
  const groupCount = options.groups ?? 100;
  const bigMembers = Math.min(options.bigGroupMembers, options.users);
  const activityPerUser = options.activityPerUser ?? ACTIVITY_PER_USER;
  let activityRows = 0;
  await setPlan(db, { name: "Bench Corp", primaryEmail: `admin@${BENCH_DOMAIN}` }, BENCH_ADMIN);
  await setScimSupport(db, true, BENCH_ADMIN);
  await addDomain(db, BENCH_DOMAIN, BENCH_ADMIN);
  // Validated as a successful DNS check would (the DNS lookup is not what is measured).
  const now = Date.now();
  await db.execute("UPDATE domains SET verified_at = ?, last_checked_at = ?, last_check_result = 'verified' WHERE name = ?", now, now, BENCH_DOMAIN);
  const token = await createToken(db, { name: "Okta (bench)" }, BENCH_ADMIN);
  // A second IdP's token, since rotated: its requests are still in the log (issue 13's mix
  // of Okta and Entra traffic), and the plan keeps its second active slot for the hostile client.
  const entra = await createToken(db, { name: "Entra ID (rotated)" }, BENCH_ADMIN);
  await revokeToken(db, entra.id, BENCH_ADMIN);
  await addDomain(db, "example.org", BENCH_ADMIN);
  // A local System Admin with a password: the page workload signs in as a browser does.
  // The cheapest scrypt cost the hash format allows is not used: sign-in is not measured,
  // but it runs once per server and the default cost keeps it what an admin meets.
  await createAdmin(db, { email: BENCH_ADMIN, password: BENCH_ADMIN_PASSWORD, name: "Bench Admin" }, "cli");

  let memberships = 0;
  const groupIds: string[] = [];
  const userIds: string[] = [];
  await inTransaction(db, async (tx) => {
    for (let g = 0; g < groupCount; g++) {
      const id = newId();
      groupIds.push(id);
      const name = g === 0 ? "Okta Licensed Users" : g === 1 ? "Okta Group Admins" : `Team ${String(g).padStart(3, "0")}`;
      await tx.execute(INSERT_GROUP, id, name, name.toLowerCase(), `00g${g.toString(36).padStart(6, "0")}`, now - 365 * DAY, now - 30 * DAY);
    }
    // docs/product.md §2.3, way 3: pushed groups a System Admin mapped to a role.
    await tx.execute(INSERT_MAPPING, groupIds[0]!, "LICENSED_USER", BENCH_ADMIN, now - 300 * DAY);
    if (groupIds[1]) await tx.execute(INSERT_MAPPING, groupIds[1], "GROUP_ADMIN", BENCH_ADMIN, now - 300 * DAY);
    const tokenDetails = JSON.stringify({ token: token.name });
    const users = new BulkInsert(tx, INSERT_USER, USER_ROW);
    const emails = new BulkInsert(tx, INSERT_EMAIL, EMAIL_ROW, [users]);
    const members = new BulkInsert(tx, INSERT_MEMBER, MEMBER_ROW, [users]);
    const creates = new BulkInsert(tx, INSERT_ACTIVITY, ACTIVITY_ROW, [users]);

    for (let i = 0; i < options.users; i++) {
      const kind = kindOf(i);
      const { given, family } = nameOf(i);
      const body: Json =
        kind === "guest"
          ? (() => {
              const address = `${given}.${family}.${i}@${GUEST_DOMAIN}`.toLowerCase();
              return { userName: address, emails: [{ value: address, primary: true }], name: { givenName: given, familyName: family }, displayName: `${given} ${family}` };
            })()
          : userBodyOf(i);
      const resource = normalizeResource(RESOURCE_TYPES.User, kind === "guest" ? { schemas: [RESOURCE_TYPES.User.schema.id], ...body } : body, { mode: "create" });
      const { emailValues, ...columns } = userColumnsFromResource(resource);
      const id = newId();
      const inBig = i < bigMembers && kind !== "guest";
      const smallGroup = kind !== "guest" && i % 3 === 0 && groupCount > 1 ? 1 + (Math.floor(i / 3) % (groupCount - 1)) : -1;
      const directRoles = kind === "guest" ? "" : encodeDirectRoles(rolesFromScim(resource).map((g) => g.role));
      const member = kind !== "guest" && (hasMemberRole(i) || inBig || smallGroup === 1);

      // Seats as an admin managed them by hand before DI: mostly what DI will decide, with
      // drift both ways (docs/product.md §3 transitions) so turning DI on changes some of them.
      let seatType: SeatType = member ? "Member" : "Contributor";
      let seatSetBy: SeatSetter = member ? "admin" : "default";
      if (i % 20 === 13 && !member) [seatType, seatSetBy] = ["Member", "admin"];
      if (i % 40 === 1 && member) [seatType, seatSetBy] = ["Contributor", "default"];
      let reviewStartedAt: number | null = null;
      let reviewEndsAt: number | null = null;
      if (kind === "guest") [seatType, seatSetBy] = ["Guest", "admin"];
      if (kind === "no-access") [seatType, seatSetBy] = ["No Access", "admin"];
      if (kind === "provisional" && !member) {
        [seatType, seatSetBy] = ["Provisional Member", "system"];
        reviewStartedAt = now - 5 * DAY;
        reviewEndsAt = now + 25 * DAY;
      }
      const createdAt = now - 365 * DAY + Math.floor((i / options.users) * 360 * DAY);
      const signedIn = i % 7 !== 3;
      await users.add(
        id,
        columns.userName,
        columns.userNameNorm,
        columns.externalId,
        columns.displayName,
        columns.givenName,
        columns.familyName,
        columns.nameNorm,
        columns.familyNameNorm,
        columns.email,
        columns.emailNorm,
        kind === "deactivated" ? "deactivated" : "active",
        seatType,
        seatSetBy,
        reviewStartedAt,
        reviewEndsAt,
        kind === "deactivated" ? createdAt + 30 * DAY : null,
        kind === "guest" ? "admin" : "scim",
        signedIn ? createdAt + DAY : null,
        signedIn ? now - (i % 30) * DAY : null,
        directRoles,
        JSON.stringify(storedResourceOf(resource)),
        createdAt,
        createdAt,
      );
      userIds.push(id);
      for (const [position, value] of emailValues.entries()) await emails.add(id, position, value);
      if (inBig) {
        await members.add(groupIds[0]!, id, createdAt);
        memberships++;
      }
      if (smallGroup > 0) {
        await members.add(groupIds[smallGroup]!, id, createdAt);
        memberships++;
      }
      if (kind !== "guest" && activityPerUser === 0) await creates.add(createdAt, `SCIM token '${token.name}'`, token.id, id, tokenDetails);
    }
    for (const insert of [users, emails, members, creates]) await insert.flush();
    if (activityPerUser > 0) {
      activityRows = await seedActivity(tx, {
        rows: options.users * activityPerUser,
        now,
        userIds,
        groupIds,
        groupNames: groupIds.map((_, g) => (g === 0 ? "Okta Licensed Users" : g === 1 ? "Okta Group Admins" : `Team ${String(g).padStart(3, "0")}`)),
        tokens: [
          { id: token.id, name: token.name, share: 0.72 },
          { id: entra.id, name: entra.name, share: 0.26 },
        ],
        admin: BENCH_ADMIN,
      });
    } else activityRows = options.users;
  });
  return {
    path: options.path,
    users: options.users,
    token: token.token,
    tokenName: token.name,
    bigGroupId: groupIds[0]!,
    bigGroupMembers: bigMembers,
    groups: groupCount,
    memberships,
    activityRows,
    seconds: (performance.now() - started) / 1000,
  };
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1]?.endsWith("seed.ts")) {
  const users = Number(argValue("--users") ?? 10_000);
  const path = argValue("--out") ?? `bench/.data/users-${users}.db`;
  seedDatabase({ path, users, bigGroupMembers: Number(argValue("--big-group") ?? 10_000) })
    .then((result) => console.log(JSON.stringify({ ...result, token: "(hidden)" })))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
