"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchResult } from "@/components/ui/fetch-result";
import { unwrapResult, type ActionResult } from "@/lib/action-result";
import type { SecurityState } from "@/lib/security/get-security-state";

export const SECURITY_QUERY_KEY = ["security", "state"] as const;

/** A server action's failure as an Error (an ActionError), so TanStack Query's error state carries the message. */
export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  return unwrapResult(await result);
}

/**
 * The page's live state: every card reads the same query (seeded by the server render), and
 * every change invalidates it, so the checklist, the DI card and the switches always agree.
 */
export function useSecurityState(initial: SecurityState): SecurityState {
  const query = useQuery({
    queryKey: SECURITY_QUERY_KEY,
    queryFn: () => fetchResult<SecurityState>("/api/security"),
    initialData: initial,
  });
  return query.data;
}

/** After a change: this page's state, and (for DI and re-evaluations) every other screen's data. */
export function useInvalidate(): { security: () => Promise<void>; everything: () => Promise<void> } {
  const client = useQueryClient();
  return {
    security: () => client.invalidateQueries({ queryKey: SECURITY_QUERY_KEY }),
    everything: () => client.invalidateQueries(),
  };
}
