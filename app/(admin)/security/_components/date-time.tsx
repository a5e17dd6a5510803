"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A time in the admin's own time zone. The server does not know that zone, so the server
 * render (and hydration) shows UTC, and the browser then switches to local time: no
 * hydration mismatch, and the <time> element always carries the exact instant.
 */
export function DateTime({ at, withTime = true }: { at: number; withTime?: boolean }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  const date = new Date(at);
  const text = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
    ...(inBrowser ? {} : { timeZone: "UTC", timeZoneName: withTime ? "short" : undefined }),
  }).format(date);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {text}
    </time>
  );
}
