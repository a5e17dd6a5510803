"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { formatIsoDay } from "@/lib/format-time";

/** One day's seat counts (db/schema seat_snapshots), as plain data from the server. */
export interface SeatSnapshotPoint {
  day: string;
  members: number;
  provisional: number;
  contributors: number;
  guests: number;
  noAccess: number;
  deactivated: number;
}

/** Colour and dash pattern both tell the lines apart (not colour alone). */
const SERIES = [
  { key: "members", label: "Members (paid)", color: "#1d4ed8", dash: undefined },
  { key: "provisional", label: "Provisional Members", color: "#b45309", dash: "6 3" },
  { key: "contributors", label: "Contributors", color: "#047857", dash: "2 3" },
  { key: "guests", label: "Guests", color: "#7c3aed", dash: "10 4 2 4" },
  { key: "noAccess", label: "No Access", color: "#64748b", dash: "1 5" },
] as const satisfies readonly { key: keyof SeatSnapshotPoint; label: string; color: string; dash?: string }[];

const number = new Intl.NumberFormat("en");
const dayLabel = (ms: number) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(ms));

/**
 * The tooltip of one day, by mouse or by keyboard (Recharts' accessibility layer: the chart
 * takes focus and the arrow keys move from day to day). A polite live region, so a screen
 * reader says the day's counts as the admin moves; every count with thousands separators.
 */
function DayTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const point = payload?.[0]?.payload as (SeatSnapshotPoint & { t: number }) | undefined;
  if (!active || !point) return null;
  return (
    <div role="status" aria-live="polite" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-xs text-slate-800 shadow-md" data-testid="seat-chart-tooltip">
      <p className="mb-1 font-semibold text-slate-900">{formatIsoDay(point.day)} (UTC)</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5">
        {SERIES.map((s) => (
          <div key={s.key} className="contents">
            <dt className="flex items-center gap-1.5">
              <svg width="18" height="6" aria-hidden="true">
                <line x1="0" y1="3" x2="18" y2="3" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
              </svg>
              {s.label}
            </dt>
            <dd className="text-right tabular-nums">{number.format(point[s.key])}</dd>
          </div>
        ))}
        <dt className="pl-[1.5rem] text-slate-600">Deactivated</dt>
        <dd className="text-right text-slate-600 tabular-nums">{number.format(point.deactivated)}</dd>
      </dl>
    </div>
  );
}

function NumbersTable({ points, caption }: { points: SeatSnapshotPoint[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Day (UTC)
            </th>
            {SERIES.map((s) => (
              <th key={s.key} scope="col" className="py-1.5 pr-3 text-right font-medium">
                {s.label}
              </th>
            ))}
            <th scope="col" className="py-1.5 text-right font-medium">
              Deactivated
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {points.map((p) => (
            <tr key={p.day}>
              <th scope="row" className="py-1.5 pr-3 font-medium whitespace-nowrap text-slate-900">
                {formatIsoDay(p.day)}
              </th>
              {SERIES.map((s) => (
                <td key={s.key} className="py-1.5 pr-3 text-right tabular-nums">
                  {number.format(p[s.key])}
                </td>
              ))}
              <td className="py-1.5 text-right tabular-nums">{number.format(p.deactivated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Seat counts per day over the last 90 days. A line needs two days: with one snapshot the
 * chart says so and shows that day's numbers instead of drawing a flat, made-up line.
 */
export function SeatChart({ points }: { points: SeatSnapshotPoint[] }) {
  if (points.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        No seat counts recorded yet. The server takes a snapshot when it starts and then one a day; the chart appears
        once there are two days to compare.
      </p>
    );
  }
  if (points.length === 1) {
    const only = points[0]!;
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-700" data-testid="seat-chart-single-day">
          Only one day recorded so far ({formatIsoDay(only.day)}), so there is no trend to draw yet: the line chart appears
          once a second day has been recorded. The counts so far:
        </p>
        <NumbersTable points={points} caption={`Seat counts on ${formatIsoDay(only.day)}`} />
      </div>
    );
  }
  const data = points.map((p) => ({ ...p, t: Date.parse(`${p.day}T00:00:00Z`) }));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return (
    <div className="flex flex-col gap-3">
      <figure className="flex flex-col gap-2">
        <p id="seat-chart-keys" className="sr-only">
          Focus the chart and use the left and right arrow keys to hear each day&apos;s counts.
        </p>
        <div
          className="h-72 w-full"
          role="group"
          aria-label={`Line chart of seat counts per day from ${formatIsoDay(first.day)} to ${formatIsoDay(last.day)}: Members went from ${number.format(first.members)} to ${number.format(last.members)}, Contributors from ${number.format(first.contributors)} to ${number.format(last.contributors)}. The numbers are in the table below the chart.`}
          aria-describedby="seat-chart-keys"
          data-testid="seat-chart"
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={data}
              margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
              accessibilityLayer
              title="Seat counts per day"
            >
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={["dataMin", "dataMax"]}
                tickFormatter={dayLabel}
                tick={{ fontSize: 12, fill: "#475569" }}
                minTickGap={24}
              />
              <YAxis
                allowDecimals={false}
                tickFormatter={(value: number) => number.format(value)}
                tick={{ fontSize: 12, fill: "#475569" }}
                width={64}
              />
              <Tooltip content={DayTooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => SERIES.findIndex((s) => s.key === item.dataKey)} />
              {SERIES.map((s) => (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={s.key === "members" ? 2.5 : 1.75}
                  strokeDasharray={s.dash}
                  dot={points.length <= 14}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="text-xs text-slate-600">
          {points.length} days, {formatIsoDay(first.day)} to {formatIsoDay(last.day)} (UTC). Today&apos;s figures are live; earlier days are the
          daily snapshots. Days the server was not running have no snapshot; the line joins the days on each side.
        </figcaption>
      </figure>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800">Show the numbers</summary>
        <div className="mt-2">
          <NumbersTable points={[...points].reverse()} caption="Seat counts per day, newest first" />
        </div>
      </details>
    </div>
  );
}
