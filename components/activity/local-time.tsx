"use client";

import { useSyncExternalStore } from "react";
import { formatDay, formatTimeOfDay } from "@/lib/format-time";

const subscribe = () => () => {};

/**
 * A time in the admin's own time zone, written by the one formatter (lib/format-time.ts). The
 * server does not know that zone, so the server render (and hydration) shows UTC, and the
 * browser switches to local time right after: no hydration mismatch, and never a time
 * without its zone. `stacked` puts the time under the date, for narrow table columns;
 * `withTime={false}` writes the day alone.
 */
export function LocalTime({
  at,
  withSeconds = false,
  withTime = true,
  stacked = false,
}: {
  at: number;
  withSeconds?: boolean;
  withTime?: boolean;
  stacked?: boolean;
}) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const iso = new Date(at).toISOString();
  const timeZone = inBrowser ? "local" : "UTC";
  const day = formatDay(at, { timeZone });
  if (!withTime) {
    return (
      <time dateTime={iso} title={iso} className="whitespace-nowrap">
        {day}
      </time>
    );
  }
  const time = formatTimeOfDay(at, { timeZone, seconds: withSeconds });
  return (
    <time dateTime={iso} title={iso} className={stacked ? "flex flex-col" : "whitespace-nowrap"}>
      <span className="whitespace-nowrap">{day}</span>
      {stacked ? <span className="whitespace-nowrap">{time}</span> : `, ${time}`}
    </time>
  );
}
