'use client';
// The tenant's bank sync: GET /api/pluggy/sync gives the state when a page
// opens (a sync may already be running), then the real-time stream keeps it
// live without requests (`sync` progress is written into this query by
// use-sse.ts; `sync_complete` and `item_status` refetch it). While a sync
// runs the query also polls, slowly, so a page without the stream (or one
// that missed the end) still settles.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import { toSyncStatus, withPercent, type CurrentSyncDto, type SyncStatus } from '@/lib/hooks/sync-status';

export { toSyncStatus, type SyncStatus };

export function useSyncStatus() {
  return useQuery<SyncStatus>({
    queryKey: queryKeys.syncStatus(),
    queryFn: async ({ signal }) => toSyncStatus(await apiGet<CurrentSyncDto>('/api/pluggy/sync', undefined, signal)),
    refetchInterval: (q) => (q.state.data?.running ? 5_000 : false),
    // A poll may read a job row older than the last progress event: the bar keeps what it showed.
    structuralSharing: (old, next) => withPercent(old as SyncStatus | undefined, next as SyncStatus),
  });
}

/** "Sincronizar agora": POST /api/pluggy/sync; the status shows it running at once, the stream fills in the progress. */
export function useStartSync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (full: boolean = false) => apiRequest<{ jobId: string; alreadyRunning: boolean }>('/api/pluggy/sync', { method: 'POST', body: { full } }),
    onSuccess: ({ jobId }) => markSyncRunning(client, jobId),
  });
}

/** A sync was just enqueued: show it running at once (the stream and the polling fill in the rest). */
export function markSyncRunning(client: QueryClient, jobId: string): void {
  client.setQueryData<SyncStatus>(queryKeys.syncStatus(), (old) =>
    withPercent(old, {
      ...(old ?? { progress: null, updatedAt: null }),
      // A finished sync's last progress is not this one's.
      ...(old?.running ? {} : { progress: null }),
      running: true,
      jobId,
      lastError: null,
      updatedAt: new Date().toISOString(),
    }),
  );
}
