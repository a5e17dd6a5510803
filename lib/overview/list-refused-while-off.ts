import { z } from "zod";
import type { Db } from "@/db/client";
import { parseInput } from "@/lib/parse-input";
import { getPlan } from "@/lib/plan/get-plan";
import { bothEngines, type Dialect } from "@/db/dialect";
import { diOffRefusedBetween } from "./di-off-refusals";

export interface RefusedUser {
  userId: string;
  /** Null when the user no longer exists here (deleted since). */
  userName: string | null;
  displayName: string | null;
  status: "active" | "deactivated" | null;
  /** Refused writes for this user: PUT, PATCH (updates and deactivations) and DELETE. */
  requests: number;
  methods: string[];
  lastAt: number;
}

export interface RefusedGroup {
  groupId: string;
  displayName: string | null;
  requests: number;
  lastAt: number;
}

export interface RefusedWhileOff {
  /** The period DI was off: from `offAt` until it was turned on again at `onAt`. */
  offAt: number;
  onAt: number;
  /** Every refused request of the period, reads included. */
  refused: number;
  /** Refused POST /Users: people the IdP tried to create (the log has no user for them). */
  creates: number;
  /** Users with refused changes, the most recent first, up to `limit`. */
  users: RefusedUser[];
  /** Users with refused changes in all (`users` may be cut at `limit`). */
  userCount: number;
  groups: RefusedGroup[];
  groupCount: number;
}

const optionsSchema = z.object({
  now: z.number().int(),
  limit: z.number().int().min(1).max(500).default(50),
});

/**
 * How long after DI is back on the list stays on the Overview: long past Entra ID's last
 * retry (168 hours after a failure) and time enough to work through Okta's tasks; after that
 * it would be noise, and the Activity log still has every refused request.
 */
export const REFUSED_LIST_DAYS = 30;

const userPath = (d: Dialect) => `lower(substr(path, 1, 7)) = '/users/' AND path NOT ${d.like} '%/.search'`;
const groupPath = (d: Dialect) => `lower(substr(path, 1, 8)) = '/groups/' AND path NOT ${d.like} '%/.search'`;

// activity_kind_at_idx, newest first: settings changes are few, so this stops at once.
const LAST_TURNED_OFF = `SELECT at FROM activity
  WHERE kind = 'settings' AND at <= ? AND action = 'settings.di' AND to_value = 'off'
  ORDER BY at DESC LIMIT 1`;
const TOTALS = bothEngines((d) => `SELECT count(*) AS refused,
       coalesce(sum(CASE WHEN method = 'POST' AND lower(path) IN ('/users', '/users/') THEN 1 ELSE 0 END), 0) AS creates
  FROM activity${d.indexedBy("activity_failed_at_idx")}
 WHERE ${diOffRefusedBetween(d)}`);
const byUser = (d: Dialect) => `SELECT substr(path, 8) AS "userId", count(*) AS requests, max(at) AS "lastAt",
       ${d.stringAggDistinct("method")} AS methods
  FROM activity${d.indexedBy("activity_failed_at_idx")}
 WHERE ${diOffRefusedBetween(d)} AND method <> 'GET' AND ${userPath(d)}
 GROUP BY substr(path, 8)`;
const USERS = bothEngines((d) => `SELECT r."userId", u.user_name AS "userName", u.display_name AS "displayName", u.status,
       r.requests, r.methods, r."lastAt"
  FROM (${byUser(d)}) r LEFT JOIN users u ON u.id = r."userId"
 ORDER BY r."lastAt" DESC, r."userId" LIMIT ?`);
const USER_COUNT = bothEngines((d) => `SELECT count(*) AS n FROM (${byUser(d)}) r`);
const byGroup = (d: Dialect) => `SELECT substr(path, 9) AS "groupId", count(*) AS requests, max(at) AS "lastAt"
  FROM activity${d.indexedBy("activity_failed_at_idx")}
 WHERE ${diOffRefusedBetween(d)} AND method <> 'GET' AND ${groupPath(d)}
 GROUP BY substr(path, 9)`;
const GROUPS = bothEngines((d) => `SELECT r."groupId", g.display_name AS "displayName", r.requests, r."lastAt"
  FROM (${byGroup(d)}) r LEFT JOIN groups g ON g.id = r."groupId"
 ORDER BY r."lastAt" DESC, r."groupId" LIMIT ?`);
const GROUP_COUNT = bothEngines((d) => `SELECT count(*) AS n FROM (${byGroup(d)}) r`);

/**
 * After Directory Integration comes back on, whose changes the IdP sent while it was off and
 * had refused (issue 13): the admin re-pushes those in the IdP (Okta: Dashboard › Tasks,
 * Retry Selected; Entra ID: provision on demand), or a leaver keeps their access. Users and
 * groups come from the request path (`/Users/{id}`, `/Groups/{id}`): a refused request never
 * reached a route, so its log entry names no user. Null while DI is off (the banner counts
 * then), when DI was never turned off, when nothing was refused, or REFUSED_LIST_DAYS after
 * DI came back on.
 */
export async function listRefusedWhileOff(db: Db, options: z.input<typeof optionsSchema>): Promise<RefusedWhileOff | null> {
  const { now, limit } = parseInput(optionsSchema, options);
  const plan = await getPlan(db);
  if (!plan || !plan.diEnabled || plan.diChangedAt === null) return null;
  const onAt = plan.diChangedAt;
  if (now - onAt > REFUSED_LIST_DAYS * 86_400_000) return null;
  const off = await db.row<{ at: number }>(LAST_TURNED_OFF, onAt);
  if (!off) return null;
  const between = [off.at, onAt] as const;

  const totals = (await db.row<{ refused: number; creates: number }>(TOTALS, ...between))!;
  if (totals.refused === 0) return null;

  const users = (await db
    .rows<Omit<RefusedUser, "methods"> & { methods: string }>(USERS, ...between, limit))
    .map((u) => ({ ...u, methods: u.methods.split(",").sort() }));
  const userCount = (await db.row<{ n: number }>(USER_COUNT, ...between))!.n;

  const groups = await db.rows<RefusedGroup>(GROUPS, ...between, limit);
  const groupCount = (await db.row<{ n: number }>(GROUP_COUNT, ...between))!.n;

  return {
    offAt: off.at,
    onAt,
    refused: totals.refused,
    creates: totals.creates,
    users,
    userCount,
    groups,
    groupCount,
  };
}
