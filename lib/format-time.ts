/**
 * The one way a time is written for people (issue 13: `2026-12-26`, `26 Dec 2026` and raw ISO
 * such as "locked until 2026-12-01T18:41:44.253Z" all appeared): "1 Dec 2026" and
 * "1 Dec 2026, 18:41 UTC", never ISO 8601. Text the server writes (activity reasons, SCIM
 * error details, the CLI) is in UTC; the browser writes the same shape in the admin's own
 * zone, with the zone's name (components/activity/local-time.tsx). Machine-readable places
 * (SCIM `meta`, `--json`, CSV cells, `<time dateTime>`) keep ISO 8601.
 *
 * `timeZone` undefined means the runtime's own zone (the browser's); the server passes none
 * of it, so it defaults to UTC there.
 */
export interface TimeZoneOption {
  /** An IANA zone, `"UTC"` (the default) or `"local"` for the runtime's own zone. */
  timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", options);
    formatters.set(key, f);
  }
  return f;
}

const zoneOf = (timeZone: string | undefined) => (timeZone === "local" ? undefined : (timeZone ?? "UTC"));

/** "1 Dec 2026". */
export function formatDay(ms: number, { timeZone }: TimeZoneOption = {}): string {
  const zone = zoneOf(timeZone);
  return formatter(`day:${zone ?? ""}`, { day: "numeric", month: "short", year: "numeric", timeZone: zone }).format(ms);
}

/** "18:41 UTC" (or "19:41 CET" in a browser in Paris); `seconds` adds them. */
export function formatTimeOfDay(ms: number, { timeZone, seconds = false }: TimeZoneOption & { seconds?: boolean } = {}): string {
  const zone = zoneOf(timeZone);
  return formatter(`time:${zone ?? ""}:${seconds}`, {
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone: zone,
  }).format(ms);
}

/** "1 Dec 2026, 18:41 UTC". */
export function formatDateTime(ms: number, options: TimeZoneOption & { seconds?: boolean } = {}): string {
  return `${formatDay(ms, options)}, ${formatTimeOfDay(ms, options)}`;
}

/** A calendar day kept as `YYYY-MM-DD` (seat snapshots), written as "1 Dec 2026". */
export function formatIsoDay(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : formatDay(ms);
}
