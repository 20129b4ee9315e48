'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { applyOptimistic, type Rollback } from '@/lib/hooks/optimistic';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { TransactionQueryParams, TransactionsResponse } from '@/lib/hooks/types';

export function useTransactions(params: TransactionQueryParams = {}) {
  return useQuery({
    queryKey: queryKeys.transactions(params),
    queryFn: ({ signal }) => apiGet<TransactionsResponse>('/api/pluggy/transactions', { ...params }, signal),
    // Changing a filter keeps the old page on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** PATCH /api/pluggy/transactions/[id] {ignored}: optimistic in every cached listing. */
export function useSetTransactionIgnored() {
  const client = useQueryClient();
  return useMutation<{ id: string; ignored: boolean }, Error, { id: string; ignored: boolean }, Rollback>({
    mutationFn: ({ id, ignored }) =>
      apiRequest(`/api/pluggy/transactions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { ignored } }),
    onMutate: async ({ id, ignored }) => ({
      rollback: await applyOptimistic<TransactionsResponse>(client, queryKeys.root('transactions'), (old) => ({
        ...old,
        items: old.items.map((t) => (t.id === id ? { ...t, ignored } : t)),
      })),
    }),
    onError: (_err, _vars, ctx) => ctx?.rollback?.(),
    // Ignored transactions leave the filters, the KPIs and matching.
    onSettled: () =>
      Promise.all(
        (['transactions', 'reconciliation', 'kpis'] as const).map((r) => client.invalidateQueries({ queryKey: queryKeys.root(r) })),
      ),
  });
}
