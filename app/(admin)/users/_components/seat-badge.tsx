import { clsx } from "clsx";
import type { SeatType, UserStatus } from "@/db/schema";

const seatTones: Record<SeatType, string> = {
  Member: "bg-blue-50 text-blue-800 ring-blue-600/30",
  "Provisional Member": "bg-violet-50 text-violet-800 ring-violet-600/30",
  Contributor: "bg-slate-100 text-slate-700 ring-slate-500/30",
  Guest: "bg-teal-50 text-teal-800 ring-teal-600/30",
  "No Access": "bg-orange-50 text-orange-900 ring-orange-600/30",
};

/** A seat type in words (the colour only repeats it). A deactivated user holds no seat. */
export function SeatBadge({ seat, status }: { seat: SeatType; status?: UserStatus }) {
  if (status === "deactivated") {
    return (
      <span className="inline-flex items-center rounded-full bg-white px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-600 ring-1 ring-slate-300 ring-inset">
        No seat <span className="sr-only">(deactivated; was {seat})</span>
      </span>
    );
  }
  return (
    <span
      className={clsx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        seatTones[seat],
      )}
    >
      {seat}
    </span>
  );
}
