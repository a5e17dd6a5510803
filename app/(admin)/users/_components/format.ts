/**
 * Dates on the users screens. One fixed locale and UTC, so the server's render and the
 * browser's hydration print the same text (a local time zone would differ between them).
 */
const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export const formatNumber = (n: number): string => new Intl.NumberFormat("en").format(n);

export function formatDateTime(ms: number | null | undefined): string {
  return ms == null ? "—" : `${dateTime.format(ms)} UTC`;
}

export function formatDate(ms: number | null | undefined): string {
  return ms == null ? "—" : dateOnly.format(ms);
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
