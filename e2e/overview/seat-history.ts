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

export function listSnapshotRows(): SnapshotRow[] {
  return withSuiteDb((db) => db.rows<SnapshotRow>("SELECT * FROM seat_snapshots ORDER BY day"));
}

/** Writes days before the earliest snapshot; returns the days written, oldest first. */
export function addEarlierSnapshots(rows: Omit<SnapshotRow, "day">[]): string[] {
  const earliest = listSnapshotRows()[0]?.day ?? new Date().toISOString().slice(0, 10);
  const days = rows.map((_, i) =>
    new Date(Date.parse(`${earliest}T00:00:00Z`) - (rows.length - i) * 86_400_000).toISOString().slice(0, 10),
  );
  withSuiteDb((db) =>
    inTransaction(db, (tx) =>
      rows.forEach((row, i) =>
        tx.execute(
          `INSERT INTO seat_snapshots (day, members, provisional, contributors, guests, no_access, deactivated)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          days[i]!,
          row.members,
          row.provisional,
          row.contributors,
          row.guests,
          row.no_access,
          row.deactivated,
        ),
      ),
    ),
  );
  return days;
}

export function removeSnapshots(days: string[]): void {
  withSuiteDb((db) => inTransaction(db, (tx) => days.forEach((day) => tx.execute("DELETE FROM seat_snapshots WHERE day = ?", day))));
}
