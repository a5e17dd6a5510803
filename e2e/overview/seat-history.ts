import { withSuiteDb } from "../support/db";

export interface SnapshotRow {
  day: string;
  members: number;
  provisional: number;
  contributors: number;
  guests: number;
  no_access: number;
  deactivated: number;
}

/*
 * Test-only access to seat_snapshots. The server's scheduler writes today's row; a suite
 * that runs for minutes cannot wait for the days before it, so the Overview spec writes
 * those days itself (and removes them afterwards).
 */

export function listSnapshotRows(): SnapshotRow[] {
  return withSuiteDb((db) => db.prepare("SELECT * FROM seat_snapshots ORDER BY day").all() as SnapshotRow[]);
}

/** Writes days before the earliest snapshot; returns the days written, oldest first. */
export function addEarlierSnapshots(rows: Omit<SnapshotRow, "day">[]): string[] {
  const earliest = listSnapshotRows()[0]?.day ?? new Date().toISOString().slice(0, 10);
  const days = rows.map((_, i) =>
    new Date(Date.parse(`${earliest}T00:00:00Z`) - (rows.length - i) * 86_400_000).toISOString().slice(0, 10),
  );
  withSuiteDb((db) => {
    const insert = db.prepare(
      `INSERT INTO seat_snapshots (day, members, provisional, contributors, guests, no_access, deactivated)
       VALUES (@day, @members, @provisional, @contributors, @guests, @no_access, @deactivated)`,
    );
    db.transaction(() => rows.forEach((row, i) => insert.run({ ...row, day: days[i] })))();
  });
  return days;
}

export function removeSnapshots(days: string[]): void {
  withSuiteDb((db) => {
    const remove = db.prepare("DELETE FROM seat_snapshots WHERE day = ?");
    db.transaction(() => days.forEach((day) => remove.run(day)))();
  });
}
