import { describe, expect, it } from "vitest";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { createScimTestEnv, TEST_ADMIN, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { deactivateUserByAdmin } from "./deactivate-user-by-admin";
import { BULK_JOB_STALE_MS, findCurrentBulkJob, getBulkJob } from "./get-bulk-job";
import { planBulkJob } from "./plan-bulk-job";
import { startBulkJob } from "./start-bulk-job";

const licensed = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };
const FILTER = { search: "job-", pending: "include" } as const;
const ADMIN_ID = "admin-1";

async function setUp(count: number) {
  const scim = await createScimTestEnv();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await scim.call("POST", "/Users", userBody(`job-${String(i).padStart(2, "0")}@example.com`, licensed))).json.id as string);
  }
  // Someone the filter does not match: never touched.
  const other = (await scim.call("POST", "/Users", userBody("other@example.com", licensed))).json.id as string;
  return { scim, ids, other };
}

/** A clock the test moves by hand. */
function fakeClock(start = 1_800_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/**
 * A pause that lets `n` batches through, then never resolves: the process "died" there.
 * `died` resolves when the job reaches that pause (its `n` batches saved).
 */
function dieAfter(n: number): { pause: () => Promise<void>; died: Promise<void> } {
  let calls = 0;
  let reached!: () => void;
  const died = new Promise<void>((resolve) => (reached = resolve));
  const pause = () => {
    if (calls++ < n) return Promise.resolve();
    reached();
    return new Promise<void>(() => {});
  };
  return { pause, died };
}

const start = async (scim: ScimTestEnv, expectedTotal: number, clock: () => number, options = {}) =>
  startBulkJob(scim.db, { action: "No Access", filter: FILTER, expectedTotal, adminId: ADMIN_ID, actor: TEST_ADMIN, clock }, options);

const activity$ = columnsOf(activity);
const entries = async (scim: ScimTestEnv, action: string) =>
  (await scim.db.rows(`SELECT ${activity$.list} FROM activity WHERE action = ? ORDER BY id`, action)).map(activity$.map);
const jobStatus = async (scim: ScimTestEnv, id: string) => (await scim.db.row<{ status: string }>("SELECT status FROM bulk_jobs WHERE id = ?", id))?.status;

describe("bulk jobs over every user a filter matches", () => {
  it("checks the whole set before anything changes: counts and the first refusals, named", async () => {
    const { scim, ids } = await setUp(7);
    await deactivateUserByAdmin(scim.db, ids[1]!, TEST_ADMIN, Date.now());
    const plan = await planBulkJob(scim.db, { action: "No Access", filter: FILTER, now: Date.now() });
    expect(plan).toMatchObject({ total: 7, changed: 6, unchanged: 0, refused: 1 });
    expect(plan.refusals).toEqual([
      { userId: ids[1], name: "job-01@example.com", reason: expect.stringContaining("is deactivated and holds no seat") },
    ]);
    expect((await findUserById(scim.db, ids[0]!))?.seatType).toBe("Member");
  });

  it("covers exactly the users matched at the start, in batches, counting progress and refusals", async () => {
    const { scim, ids, other } = await setUp(5);
    await deactivateUserByAdmin(scim.db, ids[3]!, TEST_ADMIN, Date.now());
    const clock = fakeClock();
    const progress: number[] = [];
    let added: string | null = null;
    const { job, done } = await start(scim, 5, clock.now, {
      batchSize: 2,
      pause: async () => {
        // Called before each batch (the first time before startBulkJob has returned).
        progress.push((await scim.db.row<{ processed: number }>("SELECT processed FROM bulk_jobs"))!.processed);
        // A user who matches the filter arrives while the job runs: not taken in.
        added ??= (await scim.call("POST", "/Users", userBody("job-99@example.com", licensed))).json.id as string;
        clock.advance(100);
        return Promise.resolve();
      },
    });
    expect(job).toMatchObject({ status: "running", total: 5, processed: 0 });
    const end = await done;
    expect(progress).toEqual([0, 2, 4]);
    expect(end).toMatchObject({ status: "done", total: 5, processed: 5, changed: 4, unchanged: 0, refused: 1, error: null });
    expect(end.refusals).toEqual([{ userId: ids[3], name: "job-03@example.com", reason: expect.stringContaining("Reactivate them first") }]);
    expect(end.finishedAt).toBe(clock.now());
    for (const id of [ids[0], ids[1], ids[2], ids[4]]) expect((await findUserById(scim.db, id!))?.seatType).toBe("No Access");
    expect((await findUserById(scim.db, added!))?.seatType).toBe("Member");
    expect((await findUserById(scim.db, other))?.seatType).toBe("Member");
    // Each user's change is its own entry, as a bulk change from the list records it.
    expect((await entries(scim, "seat.changed")).filter((e) => e.toValue === "No Access")).toHaveLength(4);
  });

  it("writes one activity entry when the job starts and one when it ends, with the counts", async () => {
    const { scim } = await setUp(3);
    const { job, done } = await start(scim, 3, Date.now);
    await done;
    const [started] = await entries(scim, "users.bulk_started");
    expect(started).toMatchObject({ actor: TEST_ADMIN, kind: "seat", details: { jobId: job.id, total: 3 } });
    expect(started?.reason).toBe('Set No Access for the 3 users matching search "job-", users not signed in yet included');
    const [finished] = await entries(scim, "users.bulk_finished");
    expect(finished).toMatchObject({ actor: TEST_ADMIN, details: { jobId: job.id, changed: 3, unchanged: 0, refused: 0 } });
    expect(finished?.reason).toContain("3 users, 3 changed, 0 already so, 0 refused");
  });

  it("refuses a count the admin did not confirm (the list changed since the check)", async () => {
    const { scim } = await setUp(3);
    await expect(start(scim, 2, Date.now)).rejects.toThrow("The filter now matches 3 users, not the 2 you confirmed");
    expect(await scim.db.rows("SELECT id FROM bulk_jobs")).toHaveLength(0);
  });

  it("runs one job at a time: a second start is refused with the running one's progress", async () => {
    const { scim } = await setUp(4);
    const clock = fakeClock();
    const dying = dieAfter(1);
    const first = await start(scim, 4, clock.now, { batchSize: 2, pause: dying.pause });
    await dying.died;
    expect(await getBulkJob(scim.db, { id: first.job.id, now: clock.now() })).toMatchObject({ status: "running", processed: 2 });
    await expect(start(scim, 4, clock.now)).rejects.toThrow(
      `Another bulk action is running: Set No Access by ${TEST_ADMIN}, 2 of 4 users done. Start this one when it has finished.`,
    );
    expect(await findCurrentBulkJob(scim.db, { now: clock.now() })).toMatchObject({ id: first.job.id, status: "running" });
  });

  it("shows a job whose process died as interrupted, with what was done; running it again is safe", async () => {
    const { scim, ids } = await setUp(5);
    const clock = fakeClock();
    const dying = dieAfter(1);
    const first = await start(scim, 5, clock.now, { batchSize: 2, pause: dying.pause });
    await dying.died;
    clock.advance(BULK_JOB_STALE_MS - 1);
    expect((await getBulkJob(scim.db, { id: first.job.id, now: clock.now() })).status).toBe("running");
    clock.advance(2);
    const interrupted = await getBulkJob(scim.db, { id: first.job.id, now: clock.now() });
    expect(interrupted).toMatchObject({ status: "interrupted", processed: 2, changed: 2 });
    expect(await findCurrentBulkJob(scim.db, { now: clock.now() })).toMatchObject({ id: first.job.id, status: "interrupted" });

    const again = await start(scim, 5, clock.now);
    const end = await again.done;
    expect(end).toMatchObject({ status: "done", processed: 5, changed: 3, unchanged: 2, refused: 0 });
    for (const id of ids) expect((await findUserById(scim.db, id))?.seatType).toBe("No Access");
    // The dead job is interrupted for good, and the log says how far it got.
    expect(await jobStatus(scim, first.job.id)).toBe("interrupted");
    expect((await entries(scim, "users.bulk_interrupted"))[0]?.reason).toContain("interrupted after 2 of 5 users");
    expect(await findCurrentBulkJob(scim.db, { now: clock.now() })).toBeNull();
  });

  it("deactivates every matching user, leaving those already deactivated as they are", async () => {
    const { scim, ids } = await setUp(3);
    await deactivateUserByAdmin(scim.db, ids[0]!, TEST_ADMIN, Date.now());
    const { done } = await startBulkJob(scim.db, {
      action: "deactivate",
      filter: FILTER,
      expectedTotal: 3,
      adminId: ADMIN_ID,
      actor: TEST_ADMIN,
      clock: Date.now,
    });
    expect(await done).toMatchObject({ status: "done", changed: 2, unchanged: 1, refused: 0 });
    for (const id of ids) expect((await findUserById(scim.db, id))?.status).toBe("deactivated");
    expect((await entries(scim, "users.bulk_started"))[0]?.kind).toBe("user");
  });
});
