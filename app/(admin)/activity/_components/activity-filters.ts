/**
 * The Activity page's filters as URL query parameters (so a filtered view can be linked,
 * e.g. the Overview's "/activity?kind=scim&status=failed"), parsed with zod on the server
 * page, in the server action and in the browser. No server imports: the client uses it too.
 */
import { z } from "zod";
import type { ActivityKind } from "@/db/schema";
import type { ListActivityQuery } from "@/lib/activity/list-activity";

export const ACTIVITY_KIND_OPTIONS = [
  { value: "scim", label: "SCIM requests" },
  { value: "seat", label: "Seat changes" },
  { value: "settings", label: "Settings changes" },
  { value: "user", label: "User events (deactivation, reactivation)" },
  { value: "auth", label: "Sign-ins" },
] as const satisfies readonly { value: ActivityKind; label: string }[];

const KIND_VALUES = ACTIVITY_KIND_OPTIONS.map((o) => o.value) as [ActivityKind, ...ActivityKind[]];

export const PERIOD_OPTIONS = [
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
  { value: "90d", label: "Last 90 days", ms: 90 * 86_400_000 },
] as const;
type Period = (typeof PERIOD_OPTIONS)[number]["value"] | "dates";

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** Status codes the filter offers besides "failed"; any other exact code from a link is kept. */
export const COMMON_STATUSES = [200, 201, 204, 400, 401, 403, 404, 409, 412, 429, 500] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));

/** Lenient: a bad value in a hand-edited URL is dropped rather than failing the page. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const activityFiltersSchema = z.object({
  kind: optional(z.enum(KIND_VALUES)),
  /** "failed" (status ≥ 400) or one exact HTTP status. */
  status: optional(z.union([z.literal("failed"), z.coerce.number().int().min(100).max(599)])),
  /** Free text: the user's email or name, a path, an admin, a reason. */
  q: optional(z.string().trim().max(200).transform((s) => s || undefined)),
  /** One user's entries (from a link on the user's page). */
  user: optional(z.string().trim().min(1).max(100)),
  period: optional(z.enum(["1h", "24h", "7d", "30d", "90d", "dates"])),
  /** With period=dates: first and last UTC day, inclusive. */
  from: optional(day),
  to: optional(day),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE),
});

export type ActivityFilters = z.output<typeof activityFiltersSchema>;

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

export function parseActivityFilters(params: RawParams): ActivityFilters {
  const record: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) record[key] = value;
  } else {
    for (const [key, value] of Object.entries(params)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) record[key] = first;
    }
  }
  return activityFiltersSchema.parse(record);
}

/** The URL query for `filters`, without defaults, in a stable order. */
export function activityFiltersToSearch(filters: ActivityFilters): string {
  const out = new URLSearchParams();
  if (filters.kind) out.set("kind", filters.kind);
  if (filters.status !== undefined) out.set("status", String(filters.status));
  if (filters.q) out.set("q", filters.q);
  if (filters.user) out.set("user", filters.user);
  if (filters.period) out.set("period", filters.period);
  if (filters.period === "dates") {
    if (filters.from) out.set("from", filters.from);
    if (filters.to) out.set("to", filters.to);
  }
  if (filters.page > 1) out.set("page", String(filters.page));
  if (filters.size !== DEFAULT_PAGE_SIZE) out.set("size", String(filters.size));
  const text = out.toString();
  return text ? `?${text}` : "";
}

const DAY_MS = 86_400_000;

/** The listActivity query for `filters`; relative periods are counted back from `now`. */
export function activityFiltersToQuery(filters: ActivityFilters, now: number): ListActivityQuery {
  const query: ListActivityQuery = { page: filters.page, pageSize: filters.size };
  if (filters.kind) query.kind = filters.kind;
  if (filters.status !== undefined) query.status = filters.status;
  if (filters.q) query.search = filters.q;
  if (filters.user) query.userId = filters.user;
  const period: Period | undefined = filters.period;
  if (period === "dates") {
    if (filters.from) query.from = Date.parse(`${filters.from}T00:00:00Z`);
    if (filters.to) query.to = Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS;
  } else if (period) {
    const option = PERIOD_OPTIONS.find((o) => o.value === period);
    if (option) query.from = now - option.ms;
  }
  return query;
}

/** True when anything narrows the log (for the "Clear filters" button and the empty state). */
export function hasActivityFilters(filters: ActivityFilters): boolean {
  return Boolean(filters.kind || filters.status !== undefined || filters.q || filters.user || filters.period);
}
