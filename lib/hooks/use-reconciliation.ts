'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { applyOptimistic, type Rollback } from '@/lib/hooks/optimistic';
import { queryKeys, type ReconciliationParams } from '@/lib/hooks/query-keys';
import type { ReconciliationResponse } from '@/lib/hooks/types';

export function useReconciliation(params: ReconciliationParams = {}) {
  return useQuery({
    queryKey: queryKeys.reconciliation(params),
    queryFn: ({ signal }) => apiGet<ReconciliationResponse>('/api/reconciliation', { ...params }, signal),
  });
}

/** POST /api/reconciliation/[id]/undo {reason}: optimistic (the row shows as undone at once). */
export function useUndoReconciliation() {
  const client = useQueryClient();
  return useMutation<{ id: string; status: 'UNDONE' }, Error, { id: string; reason?: string }, Rollback>({
    mutationFn: ({ id, reason }) =>
      apiRequest(`/api/reconciliation/${encodeURIComponent(id)}/undo`, { method: 'POST', body: reason ? { reason } : {} }),
    onMutate: async ({ id, reason }) => ({
      rollback: await applyOptimistic<ReconciliationResponse>(client, queryKeys.root('reconciliation'), (old) => ({
        ...old,
        items: old.items.map((r) =>
          r.id === id ? { ...r, status: 'UNDONE' as const, undoneAt: new Date().toISOString(), undoReason: reason ?? null } : r,
        ),
      })),
    }),
    onError: (_err, _vars, ctx) => ctx?.rollback?.(),
    onSettled: () =>
      Promise.all((['reconciliation', 'transactions', 'kpis'] as const).map((r) => client.invalidateQueries({ queryKey: queryKeys.root(r) }))),
  });
}
