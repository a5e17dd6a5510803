import { inTransaction } from "../../db/client";
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

export async function listSnapshotRows(): Promise<SnapshotRow[]> {
  return withSuiteDb(async (db) => db.rows<SnapshotRow>("SELECT * FROM seat_snapshots ORDER BY day"));
}

/** Writes days before the earliest snapshot; returns the days written, oldest first. */
export async function addEarlierSnapshots(rows: Omit<SnapshotRow, "day">[]): Promise<string[]> {
  const earliest = (await listSnapshotRows())[0]?.day ?? new Date().toISOString().slice(0, 10);
  const days = rows.map((_, i) =>
    new Date(Date.parse(`${earliest}T00:00:00Z`) - (rows.length - i) * 86_400_000).toISOString().slice(0, 10),
  );
  await withSuiteDb(async (db) =>
    inTransaction(db, async (tx) => {
      for (const [i, row] of rows.entries()) {
        await tx.execute(
          `INSERT INTO seat_snapshots (day, members, provisional, contributors, guests, no_access, deactivated)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          days[i]!,
          row.members,
          row.provisional,
          row.contributors,
          row.guests,
          row.no_access,
          row.deactivated,
        );
      }
    }),
  );
  return days;
}

export async function removeSnapshots(days: string[]): Promise<void> {
  await withSuiteDb(async (db) =>
    inTransaction(db, async (tx) => {
      for (const day of days) await tx.execute("DELETE FROM seat_snapshots WHERE day = ?", day);
    }),
  );
}
