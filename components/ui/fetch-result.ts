import { ActionError, unwrapResult, type ActionResult } from "@/lib/action-result";

/**
 * GETs one of the Admin Center's route handlers (app/api/…) for TanStack Query: the data,
 * or its ActionResult failure thrown as an ActionError (TanStack Query's error state).
 */
export async function fetchResult<T>(path: string, query: Record<string, string | number | null | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value != null) params.set(key, String(value));
  const search = params.toString();
  const response = await fetch(search ? `${path}?${search}` : path, { cache: "no-store", headers: { accept: "application/json" } });
  let body: ActionResult<T> | { error?: string };
  try {
    body = (await response.json()) as ActionResult<T> | { error?: string };
  } catch {
    throw new ActionError(`The server answered ${response.status}. Reload the page and try again.`);
  }
  if ("ok" in body) return unwrapResult(body);
  // proxy.ts answers a signed-out request before any handler runs: { error } with a 401.
  throw new ActionError(body.error ?? `The server answered ${response.status}. Reload the page and try again.`);
}
