"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

/** What every server action returns: its result, or a message a person can act on. */
type Settled = { ok: true } | { ok: false; error: string };

export interface ActionMutationOptions<TVariables, TResult extends Settled> {
  /** The server action; `{ ok: false, error }` becomes the mutation's error (its message is shown as is). */
  action: (variables: TVariables) => Promise<TResult>;
  /** Queries to refetch once the action succeeded, awaited before onSuccess (so the screen is current when a dialog closes). */
  invalidate?: QueryKey;
  /** Re-render the server components after onSuccess (pages that read the data on the server). */
  refresh?: boolean;
  onSuccess?: (result: Extract<TResult, { ok: true }>, variables: TVariables) => void | Promise<void>;
}

/** useMutation around a server action returning `{ ok: true, … } | { ok: false, error }`. */
export function useActionMutation<TVariables = void, TResult extends Settled = Settled>({
  action,
  invalidate,
  refresh = false,
  onSuccess,
}: ActionMutationOptions<TVariables, TResult>) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: async (variables: TVariables) => {
      const result = await action(variables);
      if (!result.ok) throw new Error((result as { error: string }).error);
      return result as Extract<TResult, { ok: true }>;
    },
    onSuccess: async (result, variables) => {
      if (invalidate) await queryClient.invalidateQueries({ queryKey: invalidate });
      await onSuccess?.(result, variables);
      if (refresh) router.refresh();
    },
  });
}
