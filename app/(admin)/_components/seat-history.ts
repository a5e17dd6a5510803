import type { SeatType } from "@/db/schema";
import type { SeatSnapshotPoint } from "./seat-chart";

/**
 * The chart's points: the stored daily snapshots, with today's replaced (or added) by the
 * live counts, so the chart ends on the same numbers as the Seats table above it. The
 * scheduler rewrites today's row every run anyway; it is final once the day is over.
 */
export function withLiveToday(
  snapshots: SeatSnapshotPoint[],
  live: { seats: Record<SeatType, number>; deactivated: number },
  now: number,
): SeatSnapshotPoint[] {
  const today = new Date(now).toISOString().slice(0, 10);
  const point: SeatSnapshotPoint = {
    day: today,
    members: live.seats.Member,
    provisional: live.seats["Provisional Member"],
    contributors: live.seats.Contributor,
    guests: live.seats.Guest,
    noAccess: live.seats["No Access"],
    deactivated: live.deactivated,
  };
  return [...snapshots.filter((s) => s.day < today), point];
}
