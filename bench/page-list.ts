/**
 * The Admin Center pages workload 11 loads (issue 13), and what each response must hold to
 * count: the document's <title> (a redirect to sign-in, a "not found" or an error page has
 * another), or for a route handler a `{ "ok": true }` body.
 */

export interface PageTarget {
  /** The row's name in the table. */
  name: string;
  path: string;
  /** "document": the HTML GET a browser makes (server components and data included); "api": a fetch the screen makes from the client. */
  type: "document" | "api";
  /** The document's title (before " · Admin Center"); unused for api rows. */
  title?: string;
}

export interface PageInputs {
  userId: string;
  /** The user page's title: the user's name (or userName). */
  userTitle: string;
  groupId: string;
  groupTitle: string;
  /** Last page numbers, read from the route handlers' first pages (pages of the default size). */
  usersLastPage: number;
  activityLastPage: number;
  previewDownPages: number;
  userSearch: string;
  activitySearch: string;
}

/** Every sort order of the Users list (app/(admin)/users/_components/user-filters.ts USER_SORTS). */
export const USER_SORTS = ["name", "email", "seat", "status", "source", "firstSignIn", "lastSignIn"] as const;
/** The DI preview dialog's page size (app/(admin)/security/_components/di-preview.tsx). */
export const PREVIEW_PAGE_SIZE = 20;

const doc = (name: string, path: string, title: string): PageTarget => ({ name, path, type: "document", title });
const api = (name: string, path: string): PageTarget => ({ name, path, type: "api" });

/** The Users screen's document and the /api/users fetch it makes for the same filters. */
function users(name: string, search: string): PageTarget[] {
  return [doc(`Users: ${name}`, `/users${search}`, "Users"), api(`  /api/users: ${name}`, `/api/users${search}`)];
}

/** The pages, in the order they are measured. */
export function pageList(inputs: PageInputs): PageTarget[] {
  const q = (params: Record<string, string | number>) => `?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
  return [
    ...users("first page", ""),
    ...users("last page", q({ page: inputs.usersLastPage })),
    // email ascending is the default order: the first page above.
    ...USER_SORTS.filter((s) => s !== "email").flatMap((sort) => users(`sort ${sort}`, q({ sort }))),
    ...users("sort lastSignIn desc", q({ sort: "lastSignIn", dir: "desc" })),
    ...users(`search "${inputs.userSearch}"`, q({ q: inputs.userSearch })),
    ...users("filter seat=Member", q({ seat: "Member" })),
    ...users("filter status=deactivated", q({ status: "deactivated" })),
    doc("User page", `/users/${encodeURIComponent(inputs.userId)}`, inputs.userTitle),
    api("  /api/users/history", `/api/users/history${q({ userId: inputs.userId, page: 1 })}`),
    doc("Groups", "/groups", "Groups"),
    api("  /api/groups", "/api/groups"),
    doc("Group page (big group)", `/groups/${encodeURIComponent(inputs.groupId)}`, `${inputs.groupTitle} · Groups`),
    api("  /api/groups/members (page 2)", `/api/groups/members${q({ group: inputs.groupId, page: 2, size: 50 })}`),
    doc("Activity: first page", "/activity", "Activity"),
    api("  /api/activity: first page", "/api/activity"),
    doc("Activity: last page", `/activity${q({ page: inputs.activityLastPage })}`, "Activity"),
    api("  /api/activity: last page", `/api/activity${q({ page: inputs.activityLastPage })}`),
    doc(`Activity: search "${inputs.activitySearch}"`, `/activity${q({ q: inputs.activitySearch })}`, "Activity"),
    api(`  /api/activity: search "${inputs.activitySearch}"`, `/api/activity${q({ q: inputs.activitySearch })}`),
    doc("Overview", "/", "Overview"),
    doc("Security & Controls", "/security", "Security & Controls"),
    doc("Security: Directory Integration", "/security/directory", "Directory Integration · Security & Controls"),
    doc("Security: Domains", "/security/domains", "Domains · Security & Controls"),
    doc("Security: SCIM tokens", "/security/tokens", "SCIM tokens · Security & Controls"),
    doc("Security: Plan switches", "/security/plan", "Plan switches · Security & Controls"),
    doc("Security: Single sign-on", "/security/sso", "Single sign-on · Security & Controls"),
    api("  /api/security", "/api/security"),
    api("DI preview: down, page 1", `/api/directory-integration/preview${q({ direction: "down", page: 1, pageSize: PREVIEW_PAGE_SIZE })}`),
    api("DI preview: up, page 1", `/api/directory-integration/preview${q({ direction: "up", page: 1, pageSize: PREVIEW_PAGE_SIZE })}`),
    api(
      "DI preview: down, last page",
      `/api/directory-integration/preview${q({ direction: "down", page: Math.max(1, inputs.previewDownPages), pageSize: PREVIEW_PAGE_SIZE })}`,
    ),
  ];
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Why a response does not count as the page (undefined when it does): a redirect (to
 * sign-in, say) or an error status, a document without the page's title, an api answer
 * that is not `{ "ok": true, … }`.
 */
export function responseProblem(target: PageTarget, status: number, body: string): string | undefined {
  if (status !== 200) return `status ${status}`;
  if (target.type === "api") return body.startsWith('{"ok":true') ? undefined : `not an ok result: ${body.slice(0, 120)}`;
  const title = `<title>${escapeHtml(target.title ?? "")} · Admin Center</title>`;
  return body.includes(title) ? undefined : `no ${title} in the document (${/<title>[^<]*<\/title>/.exec(body)?.[0] ?? "no title"})`;
}

/** p-quantile by nearest rank (bench/stats.ts's rule), of unsorted samples. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
