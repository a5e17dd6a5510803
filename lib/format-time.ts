/**
 * One way to write a time for people in text the server makes (activity reasons, SCIM error
 * details, CLI-independent messages): "1 Dec 2026" and "1 Dec 2026, 18:41 UTC", never raw
 * ISO 8601. The browser shows times in the same shape in the admin's own zone
 * (components/activity/local-time.tsx); machine-readable places (SCIM `meta`, `--json`) keep ISO.
 */
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

export const formatDay = (ms: number): string => DAY.format(ms);

export const formatDateTime = (ms: number): string => `${DAY.format(ms)}, ${TIME.format(ms)} UTC`;
