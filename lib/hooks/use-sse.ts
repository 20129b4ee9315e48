'use client';
// The browser's real-time listener (mounted once, by QueryProvider): one
// tab of the browser holds GET /api/events (lib/hooks/realtime/tabs.ts),
// every tab turns events into debounced invalidations of the queries they
// name (lib/hooks/realtime/invalidation.ts). `sync` progress also lands in
// the sync-status query directly, without a request.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys, type Resource } from '@/lib/hooks/query-keys';
import type { EventSourceLike, StreamEvent } from '@/lib/hooks/realtime/connection';
import { createInvalidator, type Timers } from '@/lib/hooks/realtime/invalidation';
import { startRealtime, type ChannelLike, type TabEnv } from '@/lib/hooks/realtime/tabs';
import { settleSync, withPercent } from '@/lib/hooks/sync-status';
import type { SyncStatus } from '@/lib/hooks/use-sync-status';

const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

function browserEnv(): TabEnv {
  return {
    // The DOM types' handlers take full MessageEvents; ours read only data and lastEventId.
    open: (url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike,
    timers: browserTimers,
    locks: typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : undefined,
    channel: typeof BroadcastChannel === 'function' ? (name) => new BroadcastChannel(name) as unknown as ChannelLike : undefined,
  };
}

/** What one event does to the cache, apart from invalidations. */
export function applyEventToCache(client: QueryClient, event: StreamEvent): void {
  if (event.type === 'sync' && event.data) {
    // A progress event means a sync runs, whatever the last fetch said (running last, so `old` cannot undo it).
    client.setQueryData<SyncStatus>(queryKeys.syncStatus(), (old) =>
      withPercent(old, {
        ...old,
        running: true,
        progress: event.data as SyncStatus['progress'],
        updatedAt: new Date().toISOString(),
      }),
    );
  } else if (event.type === 'sync_complete') {
    // Settled now; the invalidation that follows refetches the last sync time (lib/hooks/sync-status.ts settleSync).
    client.setQueryData<SyncStatus>(queryKeys.syncStatus(), (old) => settleSync(old, event.entity, new Date()));
  }
}

// Mounted once per page even if several providers render it.
let mounted = 0;

export function useSSE({ url = '/api/events', enabled = true, since = null }: { url?: string; enabled?: boolean; since?: string | null } = {}): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof window === 'undefined' || typeof EventSource !== 'function' || mounted > 0) return;
    mounted += 1;
    const invalidator = createInvalidator(
      (resource: Resource) => void client.invalidateQueries({ queryKey: queryKeys.root(resource) }),
      browserTimers,
    );
    const realtime = startRealtime(browserEnv(), {
      url,
      since,
      onEvent: (event) => {
        applyEventToCache(client, event);
        invalidator.onEvent(event.type);
      },
    });
    return () => {
      mounted -= 1;
      realtime.stop();
      invalidator.stop();
    };
    // `since` is the first render's: a later one (client navigation) must not restart the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, url, enabled]);
}
