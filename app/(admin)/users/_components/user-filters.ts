import { z } from "zod";
import type { SeatType, UserSource, UserStatus } from "@/db/schema";
import type { ListUsersQuery, PendingMode, SortDirection, UserSort } from "@/lib/directory/list-users";

/**
 * The users list's filters as they live in the URL (`/users?seat=Member&page=2`), so a
 * filtered view can be linked to, e.g. the Overview's `/users?reactivation=requested`.
 * Unknown or malformed values are dropped rather than refused: a hand-edited link still
 * opens the list.
 */
/*
 * The schema's value lists, repeated here so the browser bundle does not pull in the
 * database schema module (drizzle); `satisfies` plus user-filters.test.ts keep them equal.
 */
export const SEAT_TYPES = ["Member", "Provisional Member", "Contributor", "Guest", "No Access"] as const satisfies readonly SeatType[];
export const USER_STATUSES = ["active", "deactivated"] as const satisfies readonly UserStatus[];
export const USER_SOURCES = ["scim", "uap", "admin"] as const satisfies readonly UserSource[];
export const PENDING_MODES = ["exclude", "only", "include"] as const satisfies readonly PendingMode[];
export const USER_SORTS = ["name", "email", "seat", "status", "source", "firstSignIn", "lastSignIn"] as const satisfies readonly UserSort[];
export const SORT_DIRECTIONS = ["asc", "desc"] as const satisfies readonly SortDirection[];
export const DEFAULT_SORT: UserSort = "email";

/** `pending` in the URL: absent for the main list (they are left out), `1` for only them, `all` to include them. */
const PENDING_IN_URL: Record<PendingMode, string | null> = { exclude: null, only: "1", include: "all" };

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

export interface UserFilters {
  q: string;
  seat: (typeof SEAT_TYPES)[number] | null;
  status: (typeof USER_STATUSES)[number] | null;
  source: (typeof USER_SOURCES)[number] | null;
  /** The users the IdP provisioned who have not signed in yet (docs/product.md §3.6): left out, only them, or included. */
  pending: PendingMode;
  pendingOverride: boolean;
  reactivationRequested: boolean;
  /** The sort column and direction (server-side, each over an index). */
  sort: UserSort;
  dir: SortDirection;
  page: number;
  size: PageSize;
}

export const DEFAULT_FILTERS: UserFilters = {
  q: "",
  seat: null,
  status: null,
  source: null,
  pending: "exclude",
  pendingOverride: false,
  reactivationRequested: false,
  sort: DEFAULT_SORT,
  dir: "asc",
  page: 1,
  size: DEFAULT_PAGE_SIZE,
};

const lenient = <T extends z.ZodType>(schema: T, fallback: z.output<T>) => schema.catch(fallback);

const urlSchema = z.object({
  q: lenient(z.string().trim().max(200), ""),
  seat: lenient(z.enum(SEAT_TYPES).nullable(), null),
  status: lenient(z.enum(USER_STATUSES).nullable(), null),
  source: lenient(z.enum(USER_SOURCES).nullable(), null),
  pending: lenient(
    z.enum(["1", "all"]).transform((v): PendingMode => (v === "1" ? "only" : "include")),
    "exclude",
  ),
  override: lenient(z.literal("pending").transform(() => true), false),
  reactivation: lenient(z.literal("requested").transform(() => true), false),
  sort: lenient(z.enum(USER_SORTS), DEFAULT_SORT),
  dir: lenient(z.enum(SORT_DIRECTIONS), "asc"),
  page: lenient(z.coerce.number().int().min(1).max(1_000_000), 1),
  size: lenient(
    z.coerce
      .number()
      .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n))
      .transform((n) => n as PageSize),
    DEFAULT_PAGE_SIZE,
  ),
});

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: ParamSource, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

export function parseUserFilters(params: ParamSource): UserFilters {
  const raw = Object.fromEntries(
    ["q", "seat", "status", "source", "pending", "override", "reactivation", "sort", "dir", "page", "size"].map((k) => [k, read(params, k)]),
  );
  const p = urlSchema.parse({ ...raw, seat: raw.seat ?? null, status: raw.status ?? null, source: raw.source ?? null });
  return {
    q: p.q,
    seat: p.seat,
    status: p.status,
    source: p.source,
    pending: p.pending,
    pendingOverride: p.override,
    reactivationRequested: p.reactivation,
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    size: p.size,
  };
}

/** The query string for `filters`, leaving out defaults so links stay short. */
export function userFiltersToSearch(filters: UserFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.seat) params.set("seat", filters.seat);
  if (filters.status) params.set("status", filters.status);
  if (filters.source) params.set("source", filters.source);
  const pending = PENDING_IN_URL[filters.pending];
  if (pending) params.set("pending", pending);
  if (filters.pendingOverride) params.set("override", "pending");
  if (filters.reactivationRequested) params.set("reactivation", "requested");
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  if (filters.dir !== "asc") params.set("dir", filters.dir);
  if (filters.page > 1) params.set("page", String(filters.page));
  if (filters.size !== DEFAULT_PAGE_SIZE) params.set("size", String(filters.size));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The lib query for `filters` (browseUsers). */
export function userFiltersToQuery(f: UserFilters): ListUsersQuery & { page: number; pageSize: number } {
  return {
    ...(f.q ? { search: f.q } : {}),
    ...(f.seat ? { seat: f.seat } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.source ? { source: f.source } : {}),
    pending: f.pending,
    pendingOverride: f.pendingOverride,
    reactivationRequested: f.reactivationRequested,
    sort: f.sort,
    dir: f.dir,
    page: f.page,
    pageSize: f.size,
  };
}

/** Any filter narrowing the list (search included), for "clear filters". */
export function hasActiveFilters(f: UserFilters): boolean {
  return Boolean(f.q || f.seat || f.status || f.source || f.pending !== "exclude" || f.pendingOverride || f.reactivationRequested);
}
