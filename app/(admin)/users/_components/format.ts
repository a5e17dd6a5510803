import { formatDateTime as formatTime, formatDay } from "@/lib/format-time";

/**
 * Dates on the users screens, through the one formatter (lib/format-time.ts), in UTC, so the
 * server's render and the browser's hydration print the same text in table cells.
 */
export const formatNumber = (n: number): string => new Intl.NumberFormat("en").format(n);

export function formatDateTime(ms: number | null | undefined): string {
  return ms == null ? "—" : formatTime(ms);
}

export function formatDate(ms: number | null | undefined): string {
  return ms == null ? "—" : formatDay(ms);
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

export const SOURCE_LABELS = {
  scim: "Identity provider (SCIM)",
  uap: "Auto-provisioned at sign-in (UAP)",
  admin: "Added in the Admin Center",
} as const;

export const SOURCE_SHORT = { scim: "SCIM", uap: "UAP", admin: "Admin Center" } as const;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
