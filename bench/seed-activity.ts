/**
 * The activity log of a directory in daily use (issue 13: 1,000,000 entries at 100,000
 * users), in the shapes lib/scim/request-log.ts and lib/activity/record-activity.ts write:
 * mostly SCIM requests as Okta and Entra send them (a user or group id where the path names
 * one, the token's id and name, some 4xx), then seat changes, user changes, sign-ins and
 * settings. Spread over a year with the recent days denser, as a log that prunes at its
 * retention is: the last 7 days hold about 17% of the rows (Overview's provisioning health
 * counts them), the last 24 hours about 5%.
 *
 * Deterministic (a seeded PRNG), inserted in time order as the server appends, with one
 * cached statement inside the caller's transaction (a chunk of rows each on PostgreSQL, bench/bulk-insert.ts).
 */
import type { Db } from "@/db/client";
import { BulkInsert } from "./bulk-insert";
import { userNameOf } from "./people";

const DAY = 24 * 60 * 60 * 1000;
const WINDOW_DAYS = 365;

const INSERT_ACTIVITY = `INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms, token_id, user_id, group_id,
    from_value, to_value, reason, details, client_address) VALUES`;
const ACTIVITY_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

export interface SeedActivityOptions {
  rows: number;
  now: number;
  /** The seeded users' ids, user `i` at index `i` (bench/people.ts names them). */
  userIds: string[];
  groupIds: string[];
  groupNames: string[];
  /** The SCIM tokens the requests came through, each with its share of them (the rest are unauthenticated). */
  tokens: { id: string; name: string; share: number }[];
  admin: string;
}

/** mulberry32: a small, fast, seeded PRNG, so every run seeds the same log. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Times of `rows` entries over the window, ascending: 4% in the last 24 h, 12% more in the last 7 days, the rest over the year. */
export function activityTimes(rows: number, now: number, random: () => number): Float64Array {
  const times = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    const r = random();
    const span = r < 0.04 ? DAY : r < 0.16 ? 7 * DAY : WINDOW_DAYS * DAY;
    times[j] = now - Math.floor(random() * span);
  }
  return times.sort();
}

type Row = [
  kind: string,
  actor: string,
  action: string,
  method: string | null,
  path: string | null,
  status: number | null,
  durationMs: number | null,
  tokenId: string | null,
  userId: string | null,
  groupId: string | null,
  fromValue: string | null,
  toValue: string | null,
  reason: string | null,
  details: string | null,
  clientAddress: string | null,
];

const SEATS = ["Member", "Contributor", "Provisional Member", "No Access"] as const;
const SETTINGS = ["settings.uap", "settings.review-days", "settings.auto-upgrade", "settings.provisional-policy", "settings.plan-name", "settings.token-created"];
const OKTA_ADDRESS = "54.148.12.7";
const ENTRA_ADDRESS = "20.44.16.9";

/**
 * Inserts the log. Its indexes are dropped first and built again after (read from
 * sqlite_master or pg_indexes, so an index a migration adds is rebuilt too): a million inserts into six
 * indexes keyed by random ids thrash the page cache, and a sorted build is many times faster.
 * Triggers (the counters) fire as for any insert. Inside the caller's transaction.
 */
export async function seedActivity(tx: Db, options: SeedActivityOptions): Promise<number> {
  const indexes = await tx.rows<{ name: string; sql: string }>({
    sqlite: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity' AND sql IS NOT NULL",
    // The same on PostgreSQL, but for the primary key's index, which a constraint owns.
    postgres: `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = 'activity'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  });
  for (const index of indexes) await tx.execute(`DROP INDEX "${index.name}"`);
  await insertActivity(tx, options);
  for (const index of indexes) await tx.execute(index.sql);
  return options.rows;
}

async function insertActivity(tx: Db, options: SeedActivityOptions): Promise<void> {
  const random = prng(13);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const times = activityTimes(options.rows, options.now, random);
  const tokenDetails = options.tokens.map((t) => JSON.stringify({ token: t.name }));
  const users = options.userIds.length;
  const groups = options.groupIds.length;

  const scim = (): Row => {
    // Which client: Okta's token, Entra's, or a caller without a valid token.
    let r = random();
    let t = -1;
    for (let k = 0; k < options.tokens.length; k++) {
      if (r < options.tokens[k]!.share) {
        t = k;
        break;
      }
      r -= options.tokens[k]!.share;
    }
    if (t < 0) {
      return ["scim", "unauthenticated", "scim.get", "GET", "/Users?filter=userName%20eq%20%22admin%22", 401, 1, null, null, null, null, null,
        "The bearer token is missing, malformed or unknown.", null, "198.51.100.23"];
    }
    const token = options.tokens[t]!;
    const entra = token.name.startsWith("Entra");
    const actor = `SCIM token '${token.name}'`;
    const details = tokenDetails[t]!;
    const address = entra ? ENTRA_ADDRESS : OKTA_ADDRESS;
    const u = Math.floor(random() * users);
    const userId = options.userIds[u]!;
    const g = Math.floor(random() * groups);
    const ms = 1 + Math.floor(random() * random() * 40);
    const row = (method: string, path: string, status: number, ids: { user?: boolean; group?: boolean } = {}, reason: string | null = null): Row => [
      "scim", actor, `scim.${method.toLowerCase()}`, method, path, status, ms, token.id,
      ids.user ? userId : null, ids.group ? options.groupIds[g]! : null, null, null, reason, details, address,
    ];
    const filterUser = `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(u)}"`)}`;
    const f = random();
    // About 4% fail: unknown ids, uniqueness conflicts, bad filters, rate limits.
    if (f < 0.015) return row("GET", `/Users/${userId.slice(0, -2)}zz`, 404, {}, `No User with id ${userId.slice(0, -2)}zz`);
    if (f < 0.025) return row("POST", "/Users", 409, {}, `A user with userName ${userNameOf(u)} already exists`);
    if (f < 0.032) return row("GET", `/Users?filter=${encodeURIComponent("emails[type eq \"work\"].value co")}`, 400, {}, "The filter could not be parsed");
    if (f < 0.04) return row("PATCH", `/Users/${userId}`, 429, { user: true }, "Too many requests: slow down and retry");
    const m = random();
    if (entra) {
      if (m < 0.35) return row("GET", filterUser, 200);
      if (m < 0.45) return row("GET", `/Users?filter=${encodeURIComponent(`externalId eq "${u.toString(36)}"`)}`, 200);
      if (m < 0.75) return row("PATCH", `/Users/${userId}`, 200, { user: true });
      if (m < 0.8) return row("POST", "/Users", 201, { user: true });
      if (m < 0.85) return row("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${options.groupNames[g]}"`)}`, 200);
      if (m < 0.97) return row("PATCH", `/Groups/${options.groupIds[g]}`, 204, { group: true });
      return row("DELETE", `/Users/${userId}`, 204, { user: true });
    }
    if (m < 0.3) return row("GET", `${filterUser}&startIndex=1&count=100`, 200);
    if (m < 0.45) return row("GET", `/Users/${userId}`, 200, { user: true });
    if (m < 0.7) return row("PUT", `/Users/${userId}`, 200, { user: true });
    if (m < 0.78) return row("PATCH", `/Users/${userId}`, 200, { user: true });
    if (m < 0.84) return row("POST", "/Users", 201, { user: true });
    if (m < 0.88) return row("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${options.groupNames[g]}"`)}&startIndex=1&count=100`, 200);
    if (m < 0.99) return row("PATCH", `/Groups/${options.groupIds[g]}`, 204, { group: true });
    return row("POST", "/Groups", 201, { group: true });
  };

  const other = (r: number): Row => {
    const userId = options.userIds[Math.floor(random() * users)]!;
    if (r < 0.45) {
      const from = pick(SEATS);
      const to = from === "Member" ? "Contributor" : "Member";
      const why = to === "Member" ? `Member: role LICENSED_USER from group '${options.groupNames[0]}'` : "Contributor: no role gives Member";
      return ["seat", pick(["system", `SCIM token '${options.tokens[0]!.name}'`, options.admin]), "seat.changed", null, null, null, null, null, userId, null, from, to, why, null, null];
    }
    if (r < 0.65) {
      const deactivate = random() < 0.7;
      return ["user", deactivate ? `SCIM token '${options.tokens[0]!.name}'` : options.admin, deactivate ? "deactivate" : "user.reactivated", null, null, null, null, null, userId, null,
        deactivate ? "Member" : "deactivated", deactivate ? "deactivated" : "Member", null, null, null];
    }
    if (r < 0.99) {
      const failed = random() < 0.15;
      return ["auth", options.admin, failed ? "sign-in.failed" : "sign-in", null, null, null, null, null, null, null, null, null, failed ? "Wrong email or password" : null, null, "192.0.2.10"];
    }
    return ["settings", options.admin, pick(SETTINGS), null, null, null, null, null, null, null, "off", "on", null, null, null];
  };

  const insert = new BulkInsert(tx, INSERT_ACTIVITY, ACTIVITY_ROW);
  for (let j = 0; j < options.rows; j++) {
    const r = random();
    // 86% SCIM requests; of the rest 45% seat changes, 20% user changes, 34% sign-ins and
    // 1% settings changes (a few a day at 100,000 users).
    const row = r < 0.86 ? scim() : other((r - 0.86) / 0.14);
    await insert.add(times[j]!, ...row);
  }
  await insert.flush();
}
