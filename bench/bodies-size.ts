/**
 * What scim_bodies (issue 14 §3) stores, in bytes, after an Okta import and after weeks of
 * Entra's cycles; not part of `npm test`, and not timed: storage only, so it runs the SCIM
 * service in process (as lib/scim/test-support.ts does) on a fresh database file.
 *
 *   npx tsx bench/bodies-size.ts --users 100000              # Okta's import, then 14 days of Entra
 *   npx tsx bench/bodies-size.ts --users 10000 --changes 0.01
 *
 * Okta's import is, per user, the existence check (`userName eq`, count=100) and the create
 * (its body shaped as bench/people.ts; every tenth with "Sync password" on), then the full
 * import sweep (pages of 100, the requests whose answers the cap cuts). Entra's cycle, every
 * 40 minutes, sends for each changed user its query (`externalId eq`) and a PATCH; `--changes`
 * is the share of users changed a day (default 1%).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { sqliteConnectionOf, openDatabase } from "@/db/client";
import { SCIM_BODY_CAP_BYTES } from "@/lib/activity/scim-body";
import { createScimTestEnv } from "@/lib/scim/test-support";
import { userBodyOf, userNameOf } from "./people";
import { bodiesSize } from "./scim-bodies";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const USERS = arg("--users", 100_000);
const CHANGES = arg("--changes", 0.01);
const DAYS = arg("--days", 14);
const DAY_MS = 86_400_000;

const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

async function main(): Promise<void> {
  const path = join(process.cwd(), "bench", ".data", `bodies-${USERS}.db`);
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const db = await openDatabase(path, { migrate: true });
  let clock = Date.UTC(2026, 11, 1);
  const scim = await createScimTestEnv({ db, now: () => clock });
  const call = async (method: string, target: string, body?: unknown) => {
    const response = await scim.call(method, target, body);
    if (response.status >= 400) throw new Error(`${method} ${target}: ${response.status} ${response.body}`);
    return response;
  };
  const ids: string[] = [];
  const started = Date.now();
  for (let i = 0; i < USERS; i++) {
    clock += 10;
    await call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(i)}"`)}&startIndex=1&count=100`);
    const body = userBodyOf(i);
    ids.push((await call("POST", "/Users", i % 10 === 0 ? { ...body, password: `Okta-${i}-Synced!` } : body)).json.id as string);
    if (i % 250 === 249) await scim.service.flush();
    if (i % 10_000 === 9_999) console.error(`  ${i + 1} users imported (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  for (let start = 1; start <= USERS; start += 100) await call("GET", `/Users?startIndex=${start}&count=100`);
  await scim.service.flush();
  const imported = await bodiesSize(db, path, { checkpoint: true });

  // Entra's cycles: each day, CHANGES of the users change (a department), 36 cycles a day.
  const perDay = Math.round(USERS * CHANGES);
  for (let day = 0; day < DAYS; day++) {
    for (let k = 0; k < perDay; k++) {
      const i = (day * perDay + k) % USERS;
      clock = Date.UTC(2026, 11, 2) + day * DAY_MS + Math.floor((k / perDay) * DAY_MS);
      await call("GET", `/Users?filter=${encodeURIComponent(`externalId eq "${String(userBodyOf(i).externalId)}"`)}`);
      await call("PATCH", `/Users/${ids[i]}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: `Dept ${day}` }],
      });
      if (k % 250 === 249) await scim.service.flush();
    }
  }
  await scim.service.flush();
  const cycled = await bodiesSize(db, path, { checkpoint: true });
  const requests = (await db.row<{ n: number }>("SELECT count(*) AS n FROM activity WHERE kind = 'scim'"))!.n;
  const result = { users: USERS, capBytes: SCIM_BODY_CAP_BYTES, changesPerDay: perDay, days: DAYS, imported, afterEntraDays: cycled, scimRequests: requests };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    [
      `Okta import of ${USERS} users (${2 * USERS + Math.ceil(USERS / 100)} requests): scim_bodies ${imported.rows} rows, ${mb(imported.bodyBytes)} of bodies, ${mb(imported.tableBytes)} on disk (dbstat); database ${mb(imported.fileBytes)}; ${imported.responsesCut} answers cut at ${SCIM_BODY_CAP_BYTES / 1024} KiB.`,
      `+ ${DAYS} days of Entra (${perDay} changed users a day, query + PATCH each): ${cycled.rows} rows, ${mb(cycled.bodyBytes)} of bodies, ${mb(cycled.tableBytes)} on disk; database ${mb(cycled.fileBytes)}.`,
      `Bound: at most 2 × ${SCIM_BODY_CAP_BYTES / 1024} KiB a request in the retention window; the average kept here is ${Math.round(cycled.bodyBytes / Math.max(1, cycled.rows))} bytes.`,
    ].join("\n"),
  );
  sqliteConnectionOf(db).close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
