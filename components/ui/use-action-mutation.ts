"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { unwrapResult, type ActionResult } from "@/lib/action-result";

export interface ActionMutationOptions<TVariables, TData> {
  /** The server action; a failure becomes the mutation's error (an ActionError: its message is shown as is). */
  action: (variables: TVariables) => Promise<ActionResult<TData>>;
  /** Queries to refetch once the action succeeded, awaited before onSuccess (so the screen is current when a dialog closes). */
  invalidate?: QueryKey;
  /** Re-render the server components after onSuccess (pages that read the data on the server). */
  refresh?: boolean;
  onSuccess?: (data: TData, variables: TVariables) => void | Promise<void>;
}

/** useMutation around a server action answering lib/action-result's ActionResult. */
export function useActionMutation<TVariables = void, TData = unknown>({
  action,
  invalidate,
  refresh = false,
  onSuccess,
}: ActionMutationOptions<TVariables, TData>) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: async (variables: TVariables) => unwrapResult(await action(variables)),
    onSuccess: async (data, variables) => {
      if (invalidate) await queryClient.invalidateQueries({ queryKey: invalidate });
      await onSuccess?.(data, variables);
      if (refresh) router.refresh();
    },
  });
}
