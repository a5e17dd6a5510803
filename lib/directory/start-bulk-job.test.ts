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

function setUp(count: number) {
  const scim = createScimTestEnv();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(scim.call("POST", "/Users", userBody(`job-${String(i).padStart(2, "0")}@example.com`, licensed)).json.id as string);
  }
  // Someone the filter does not match: never touched.
  const other = scim.call("POST", "/Users", userBody("other@example.com", licensed)).json.id as string;
  return { scim, ids, other };
}

/** A clock the test moves by hand. */
function fakeClock(start = 1_800_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A pause that lets `n` batches through, then never resolves: the process "died" there. */
function dieAfter(n: number): () => Promise<void> {
  let calls = 0;
  return () => (calls++ < n ? Promise.resolve() : new Promise<void>(() => {}));
}

const start = (scim: ScimTestEnv, expectedTotal: number, clock: () => number, options = {}) =>
  startBulkJob(scim.db, { action: "No Access", filter: FILTER, expectedTotal, adminId: ADMIN_ID, actor: TEST_ADMIN, clock }, options);

const activity$ = columnsOf(activity);
const entries = (scim: ScimTestEnv, action: string) =>
  scim.db.rows(`SELECT ${activity$.list} FROM activity WHERE action = ? ORDER BY id`, action).map(activity$.map);
const jobStatus = (scim: ScimTestEnv, id: string) => scim.db.row<{ status: string }>("SELECT status FROM bulk_jobs WHERE id = ?", id)?.status;

describe("bulk jobs over every user a filter matches", () => {
  it("checks the whole set before anything changes: counts and the first refusals, named", async () => {
    const { scim, ids } = setUp(7);
    deactivateUserByAdmin(scim.db, ids[1]!, TEST_ADMIN, Date.now());
    const plan = await planBulkJob(scim.db, { action: "No Access", filter: FILTER, now: Date.now() });
    expect(plan).toMatchObject({ total: 7, changed: 6, unchanged: 0, refused: 1 });
    expect(plan.refusals).toEqual([
      { userId: ids[1], name: "job-01@example.com", reason: expect.stringContaining("is deactivated and holds no seat") },
    ]);
    expect(findUserById(scim.db, ids[0]!)?.seatType).toBe("Member");
  });

  it("covers exactly the users matched at the start, in batches, counting progress and refusals", async () => {
    const { scim, ids, other } = setUp(5);
    deactivateUserByAdmin(scim.db, ids[3]!, TEST_ADMIN, Date.now());
    const clock = fakeClock();
    const progress: number[] = [];
    let added: string | null = null;
    const { job, done } = start(scim, 5, clock.now, {
      batchSize: 2,
      pause: () => {
        // Called before each batch (the first time before startBulkJob has returned).
        progress.push(scim.db.row<{ processed: number }>("SELECT processed FROM bulk_jobs")!.processed);
        // A user who matches the filter arrives while the job runs: not taken in.
        added ??= scim.call("POST", "/Users", userBody("job-99@example.com", licensed)).json.id as string;
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
    for (const id of [ids[0], ids[1], ids[2], ids[4]]) expect(findUserById(scim.db, id!)?.seatType).toBe("No Access");
    expect(findUserById(scim.db, added!)?.seatType).toBe("Member");
    expect(findUserById(scim.db, other)?.seatType).toBe("Member");
    // Each user's change is its own entry, as a bulk change from the list records it.
    expect(entries(scim, "seat.changed").filter((e) => e.toValue === "No Access")).toHaveLength(4);
  });

  it("writes one activity entry when the job starts and one when it ends, with the counts", async () => {
    const { scim } = setUp(3);
    const { job, done } = start(scim, 3, Date.now);
    await done;
    const [started] = entries(scim, "users.bulk_started");
    expect(started).toMatchObject({ actor: TEST_ADMIN, kind: "seat", details: { jobId: job.id, total: 3 } });
    expect(started?.reason).toBe('Set No Access for the 3 users matching search "job-", users not signed in yet included');
    const [finished] = entries(scim, "users.bulk_finished");
    expect(finished).toMatchObject({ actor: TEST_ADMIN, details: { jobId: job.id, changed: 3, unchanged: 0, refused: 0 } });
    expect(finished?.reason).toContain("3 users, 3 changed, 0 already so, 0 refused");
  });

  it("refuses a count the admin did not confirm (the list changed since the check)", () => {
    const { scim } = setUp(3);
    expect(() => start(scim, 2, Date.now)).toThrow("The filter now matches 3 users, not the 2 you confirmed");
    expect(scim.db.rows("SELECT id FROM bulk_jobs")).toHaveLength(0);
  });

  it("runs one job at a time: a second start is refused with the running one's progress", async () => {
    const { scim } = setUp(4);
    const clock = fakeClock();
    const first = start(scim, 4, clock.now, { batchSize: 2, pause: dieAfter(1) });
    await Promise.resolve();
    await Promise.resolve();
    expect(getBulkJob(scim.db, { id: first.job.id, now: clock.now() })).toMatchObject({ status: "running", processed: 2 });
    expect(() => start(scim, 4, clock.now)).toThrow(
      `Another bulk action is running: Set No Access by ${TEST_ADMIN}, 2 of 4 users done. Start this one when it has finished.`,
    );
    expect(findCurrentBulkJob(scim.db, { now: clock.now() })).toMatchObject({ id: first.job.id, status: "running" });
  });

  it("shows a job whose process died as interrupted, with what was done; running it again is safe", async () => {
    const { scim, ids } = setUp(5);
    const clock = fakeClock();
    const first = start(scim, 5, clock.now, { batchSize: 2, pause: dieAfter(1) });
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(BULK_JOB_STALE_MS - 1);
    expect(getBulkJob(scim.db, { id: first.job.id, now: clock.now() }).status).toBe("running");
    clock.advance(2);
    const interrupted = getBulkJob(scim.db, { id: first.job.id, now: clock.now() });
    expect(interrupted).toMatchObject({ status: "interrupted", processed: 2, changed: 2 });
    expect(findCurrentBulkJob(scim.db, { now: clock.now() })).toMatchObject({ id: first.job.id, status: "interrupted" });

    const again = start(scim, 5, clock.now);
    const end = await again.done;
    expect(end).toMatchObject({ status: "done", processed: 5, changed: 3, unchanged: 2, refused: 0 });
    for (const id of ids) expect(findUserById(scim.db, id)?.seatType).toBe("No Access");
    // The dead job is interrupted for good, and the log says how far it got.
    expect(jobStatus(scim, first.job.id)).toBe("interrupted");
    expect(entries(scim, "users.bulk_interrupted")[0]?.reason).toContain("interrupted after 2 of 5 users");
    expect(findCurrentBulkJob(scim.db, { now: clock.now() })).toBeNull();
  });

  it("deactivates every matching user, leaving those already deactivated as they are", async () => {
    const { scim, ids } = setUp(3);
    deactivateUserByAdmin(scim.db, ids[0]!, TEST_ADMIN, Date.now());
    const { done } = startBulkJob(scim.db, {
      action: "deactivate",
      filter: FILTER,
      expectedTotal: 3,
      adminId: ADMIN_ID,
      actor: TEST_ADMIN,
      clock: Date.now,
    });
    expect(await done).toMatchObject({ status: "done", changed: 2, unchanged: 1, refused: 0 });
    for (const id of ids) expect(findUserById(scim.db, id)?.status).toBe("deactivated");
    expect(entries(scim, "users.bulk_started")[0]?.kind).toBe("user");
  });
});
