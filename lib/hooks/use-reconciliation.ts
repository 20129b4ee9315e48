'use client';
// The Conciliação page's data: the view (rows to work + summary), the
// history (confirmed / undone records), the client search of the Link dialog,
// and the mutations. Mutations update every cached variant at once (the row
// leaves the queue as soon as it is confirmed or rejected, an undone record
// leaves Conciliado), roll back on error, and invalidate reconciliation,
// transactions and kpis when they settle. Views and history sit under the
// 'reconciliation' root, so `reconciliation_ready` (use-sse) refreshes both.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fromCents, toCents } from '@/lib/format';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { applyOptimistic, type Rollback } from '@/lib/hooks/optimistic';
import { queryKeys, type ReconciliationHistoryParams, type ReconciliationParams } from '@/lib/hooks/query-keys';
import type {
  AdvboxCustomerHit,
  BulkConfirmOutput,
  BulkConfirmStarted,
  ConfirmResultDto,
  JobDetailDto,
  MappingDto,
  ReconciliationHistoryResponse,
  ReconciliationResponse,
  ReconRowDto,
  RejectionDto,
  UndoResultDto,
} from '@/lib/hooks/types';

const VIEW_ROOT = ['reconciliation', 'view'] as const;
const HISTORY_ROOT = ['reconciliation', 'history'] as const;

export function useReconciliation(params: ReconciliationParams = {}) {
  return useQuery({
    queryKey: queryKeys.reconciliation(params),
    queryFn: ({ signal }) => apiGet<ReconciliationResponse>('/api/reconciliation', { ...params }, signal),
  });
}

export function useReconciliationHistory(params: ReconciliationHistoryParams = {}, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.reconciliationHistory(params),
    queryFn: ({ signal }) => apiGet<ReconciliationHistoryResponse>('/api/reconciliation/history', { ...params }, signal),
    enabled,
  });
}

/** GET /api/advbox/customers: the tenant's Advbox clients by name or document digits. */
export function useAdvboxCustomers(q: string, { limit = 10, enabled = true }: { limit?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.advboxCustomers(q, limit),
    queryFn: ({ signal }) => apiGet<{ items: AdvboxCustomerHit[]; total: number; complete: boolean }>('/api/advbox/customers', { q, limit }, signal),
    enabled,
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
}

const sub = (a: string, b: string) => fromCents(toCents(a) - toCents(b));
const add = (a: string, b: string) => fromCents(toCents(a) + toCents(b));

/**
 * The view without the rows of these credits: they left the queue. With
 * `confirmed`, their amounts move from their bucket to Conciliado (what the
 * server will say after the confirm); otherwise the summary is left for the
 * refetch (a rejected credit reappears as another candidate or unmatched).
 */
export function withoutRows(view: ReconciliationResponse, transactionIds: ReadonlySet<string>, { confirmed }: { confirmed: boolean }): ReconciliationResponse {
  const leaving = view.rows.filter((r) => transactionIds.has(r.transaction.id));
  if (leaving.length === 0) return view;
  const summary = { ...view.summary };
  if (confirmed) {
    for (const r of leaving) {
      const amount = r.transaction.amount;
      summary[r.status] = { count: summary[r.status].count - 1, amount: sub(summary[r.status].amount, amount) };
      summary.total = { count: summary.total.count - 1, amount: sub(summary.total.amount, amount) };
      summary.confirmed = { count: summary.confirmed.count + 1, amount: add(summary.confirmed.amount, amount) };
    }
  }
  return {
    ...view,
    summary,
    rows: view.rows.filter((r) => !transactionIds.has(r.transaction.id)),
    page: { ...view.page, total: Math.max(0, view.page.total - leaving.length) },
  };
}

/** The history with a credit's records undone (a split is undone whole); CONFIRMED-only lists drop them. */
export function withUndone(history: ReconciliationHistoryResponse, transactionId: string, onlyConfirmed: boolean, now = new Date().toISOString()): ReconciliationHistoryResponse {
  const hit = history.items.filter((r) => r.transaction.id === transactionId && r.status === 'CONFIRMED');
  if (hit.length === 0) return history;
  if (onlyConfirmed) return { items: history.items.filter((r) => !hit.includes(r)), total: Math.max(0, history.total - hit.length) };
  return { ...history, items: history.items.map((r) => (hit.includes(r) ? { ...r, status: 'UNDONE' as const, undoneAt: now } : r)) };
}

function settle(client: QueryClient) {
  return Promise.all((['reconciliation', 'transactions', 'kpis'] as const).map((r) => client.invalidateQueries({ queryKey: queryKeys.root(r) })));
}

async function removeFromViews(client: QueryClient, ids: string[], confirmed: boolean) {
  const set = new Set(ids);
  return applyOptimistic<ReconciliationResponse>(client, VIEW_ROOT, (old) => withoutRows(old, set, { confirmed }));
}

export interface ConfirmVars {
  transactionId: string;
  receivableIds: string[];
  idempotencyKey?: string;
}

/** POST /api/reconciliation/confirm: the row leaves the queue at once and its amount moves to Conciliado. */
export function useConfirmReconciliation() {
  const client = useQueryClient();
  return useMutation<ConfirmResultDto, Error, ConfirmVars, Rollback>({
    mutationFn: (body) => apiRequest('/api/reconciliation/confirm', { method: 'POST', body }),
    onMutate: async ({ transactionId }) => ({ rollback: await removeFromViews(client, [transactionId], true) }),
    onError: (_e, _v, ctx) => ctx?.rollback?.(),
    onSettled: () => settle(client),
  });
}

/** POST /api/reconciliation/reject: this pair is never proposed again; the row leaves the current list. */
export function useRejectReconciliation() {
  const client = useQueryClient();
  return useMutation<RejectionDto, Error, { transactionId: string; customerId: string; payerDocument?: string }, Rollback>({
    mutationFn: (body) => apiRequest('/api/reconciliation/reject', { method: 'POST', body }),
    onMutate: async ({ transactionId }) => ({ rollback: await removeFromViews(client, [transactionId], false) }),
    onError: (_e, _v, ctx) => ctx?.rollback?.(),
    onSettled: () => settle(client),
  });
}

/** POST /api/reconciliation/link: payer document → client (the next precompute proposes it). */
export function useLinkPayer() {
  const client = useQueryClient();
  return useMutation<MappingDto, Error, { payerDocument: string; customerId: string; payerName?: string }>({
    mutationFn: (body) => apiRequest('/api/reconciliation/link', { method: 'POST', body }),
    onSettled: () => settle(client),
  });
}

/** POST /api/reconciliation/[id]/undo: the credit's records leave Conciliado at once (optimistic). */
export function useUndoReconciliation() {
  const client = useQueryClient();
  return useMutation<UndoResultDto, Error, { id: string; transactionId: string; reason?: string }, Rollback>({
    mutationFn: ({ id, reason }) => apiRequest(`/api/reconciliation/${encodeURIComponent(id)}/undo`, { method: 'POST', body: reason ? { reason } : {} }),
    onMutate: async ({ transactionId }) => {
      await client.cancelQueries({ queryKey: HISTORY_ROOT });
      const snapshot = client.getQueriesData<ReconciliationHistoryResponse>({ queryKey: HISTORY_ROOT });
      for (const [key, data] of snapshot) {
        if (!data) continue;
        const params = (key[2] ?? {}) as ReconciliationHistoryParams;
        client.setQueryData(key, withUndone(data, transactionId, params.status === 'CONFIRMED'));
      }
      return { rollback: () => snapshot.forEach(([key, data]) => client.setQueryData(key, data)) };
    },
    onError: (_e, _v, ctx) => ctx?.rollback?.(),
    onSettled: () => settle(client),
  });
}

/** POST /api/reconciliation/bulk-confirm: starts the job; follow it with useBulkConfirmJob(jobId). */
export function useBulkConfirm() {
  return useMutation<BulkConfirmStarted, Error, { items: { transactionId: string; receivableIds: string[] }[] }>({
    mutationFn: (body) => apiRequest('/api/reconciliation/bulk-confirm', { method: 'POST', body }),
  });
}

export type BulkJob = JobDetailDto & { result: BulkConfirmOutput | null };

/**
 * GET /api/jobs/[id] every second until the job settles; then the queue is
 * refreshed once (the job's SSE hints refresh it while it runs).
 */
export function useBulkConfirmJob(jobId: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['jobs', jobId],
    enabled: jobId !== null,
    queryFn: async ({ signal }) => {
      const job = await apiGet<BulkJob>(`/api/jobs/${encodeURIComponent(jobId!)}`, undefined, signal);
      if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') await settle(client);
      return job;
    },
    refetchInterval: (q) => (q.state.data && ['completed', 'failed', 'cancelled'].includes(q.state.data.state) ? false : 1000),
  });
}

/** A row's proposal in the shape confirm takes (null when there is nothing to confirm). */
export function confirmable(row: Pick<ReconRowDto, 'transaction' | 'receivables'>): ConfirmVars | null {
  return row.receivables.length > 0 ? { transactionId: row.transaction.id, receivableIds: row.receivables.map((r) => r.id) } : null;
}
