"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A time in the admin's own time zone. The server does not know that zone, so the server
 * render (and hydration) shows UTC, and the browser switches to local time right after:
 * no hydration mismatch, and never a time without its zone. `stacked` puts the time under
 * the date, for narrow table columns.
 */
export function LocalTime({ at, withSeconds = false, stacked = false }: { at: number; withSeconds?: boolean; stacked?: boolean }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(at);
  const zone: Intl.DateTimeFormatOptions = inBrowser ? {} : { timeZone: "UTC" };
  const day = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", ...zone }).format(date);
  const time = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
    timeZoneName: "short",
    ...zone,
  }).format(date);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className={stacked ? "flex flex-col" : "whitespace-nowrap"}>
      <span className="whitespace-nowrap">{day}</span>
      {stacked ? <span className="whitespace-nowrap">{time}</span> : `, ${time}`}
    </time>
  );
}
