'use client';
// Hooks for the dashboard pages beyond the real-time issue's set. Bank items
// live under the 'accounts' root so every accounts invalidation (sync,
// item_status) refreshes them too; audit, jobs and members have roots of
// their own (no event names them; 'resync' and focus refetch them).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import { extraKeys, type AuditParams } from '@/lib/hooks/extra-keys';
import type { AuditLogDto } from '@/lib/audit/list-audit-logs';
import type { JobDto } from '@/lib/jobs/dto';
import type { MemberDto } from '@/lib/members/members';
import type { ConnectTokenDto } from '@/lib/pluggy/items/connect-token';
import type { ConnectedItemDto } from '@/lib/pluggy/items/connect-item';
import type { PluggyItemDto } from '@/lib/pluggy/items/item-dto';
import { markSyncRunning } from '@/lib/hooks/use-sync-status';

export type { AuditLogDto, ConnectTokenDto, ConnectedItemDto, JobDto, MemberDto, PluggyItemDto, AuditParams };
export { extraKeys };

export function useItems() {
  return useQuery({ queryKey: extraKeys.items(), queryFn: ({ signal }) => apiGet<{ items: PluggyItemDto[] }>('/api/pluggy/items', undefined, signal) });
}

function useInvalidating<V, R>(fn: (v: V) => Promise<R>, roots: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => Promise.all(roots.map((queryKey) => client.invalidateQueries({ queryKey }))) });
}

export const useRefreshItem = () =>
  useInvalidating((id: string) => apiRequest(`/api/pluggy/items/${encodeURIComponent(id)}/refresh`, { method: 'POST' }), [queryKeys.accounts(), extraKeys.jobs()]);

export const useDeleteItem = () =>
  useInvalidating(
    (id: string) => apiRequest(`/api/pluggy/items/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    [queryKeys.accounts(), queryKeys.root('transactions'), queryKeys.root('kpis')],
  );

/** A Pluggy connect token for the widget (itemId: one of our connections, for update mode). */
export const useConnectToken = () =>
  useMutation({ mutationFn: (itemId: string | null) => apiRequest<ConnectTokenDto>('/api/pluggy/token', { method: 'POST', body: itemId ? { itemId } : {} }) });

/** The widget's onSuccess: bind the item Pluggy created; its first sync starts at once, so the status shows it running. */
export function useBindItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pluggyItemId: string) => apiRequest<ConnectedItemDto>('/api/pluggy/items', { method: 'POST', body: { itemId: pluggyItemId } }),
    onSuccess: ({ syncJobId }) => {
      if (syncJobId) markSyncRunning(client, syncJobId);
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.accounts() }), client.invalidateQueries({ queryKey: queryKeys.syncStatus() })]),
  });
}

export function useAuditLogs(params: AuditParams) {
  return useQuery({
    queryKey: extraKeys.audit(params),
    queryFn: ({ signal }) => apiGet<{ items: AuditLogDto[]; nextCursor: string | null }>('/api/audit-logs', { ...params, limit: 50 }, signal),
  });
}

export function useJobs() {
  return useQuery({ queryKey: extraKeys.jobs(), queryFn: ({ signal }) => apiGet<{ items: JobDto[]; nextCursor: string | null }>('/api/jobs', { limit: 30 }, signal) });
}

export const useRetryJob = () => useInvalidating((id: string) => apiRequest(`/api/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' }), [extraKeys.jobs()]);

export function useMembers() {
  return useQuery({
    queryKey: extraKeys.members(),
    queryFn: ({ signal }) => apiGet<{ members: MemberDto[]; invitations: unknown[] }>('/api/members', undefined, signal),
  });
}

export const useChangeRole = () =>
  useInvalidating(({ id, role }: { id: string; role: string }) => apiRequest(`/api/members/${encodeURIComponent(id)}`, { method: 'PATCH', body: { role } }), [extraKeys.members()]);
