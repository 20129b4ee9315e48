'use client';
// The state of the tenant's sync as the real-time stream reports it
// (`sync` progress, `sync_complete`). There is no sync status route yet: the
// query never fetches, it is written by use-sse.ts. When a route lands
// (e.g. GET /api/pluggy/sync), give this query its queryFn and keep the key.
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { SyncProgress } from '@/lib/events/types';

export interface SyncStatus {
  running: boolean;
  progress: SyncProgress | null;
  updatedAt: string | null;
}

const IDLE: SyncStatus = { running: false, progress: null, updatedAt: null };

export function useSyncStatus() {
  return useQuery<SyncStatus>({
    queryKey: queryKeys.syncStatus(),
    queryFn: () => IDLE,
    initialData: IDLE,
    staleTime: Infinity,
    enabled: false,
  });
}
