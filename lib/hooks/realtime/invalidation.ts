// Which queries an event makes stale (the seed's table, plus kpis, settings
// and item status), and a scheduler that turns a burst of events into one
// refetch per query: each resource is invalidated DELAY_MS after its first
// event, and then at most once per MIN_INTERVAL_MS, however many events
// arrive (a long sync sends progress several times a second; the 60
// requests/minute budget must hold). Pure: time comes from the caller.
import { RESOURCES, type Resource } from '@/lib/hooks/query-keys';

export const EVENT_QUERIES: Record<string, readonly Resource[]> = {
  sync_complete: ['accounts', 'transactions', 'reconciliation', 'sync-status'],
  reconciliation_ready: ['reconciliation'],
  sync: ['accounts', 'transactions'],
  notification: ['notifications'],
  kpis_updated: ['kpis'],
  settings: ['settings'],
  item_status: ['accounts', 'sync-status'],
  // The gap was too old to replay: anything may have changed.
  resync: RESOURCES,
};

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const DELAY_MS = 300;
export const MIN_INTERVAL_MS = 5000;

export function createInvalidator(
  invalidate: (resource: Resource) => void,
  timers: Timers,
  { delayMs = DELAY_MS, minIntervalMs = MIN_INTERVAL_MS } = {},
) {
  const last = new Map<Resource, number>();
  const scheduled = new Map<Resource, unknown>();

  function run(resource: Resource) {
    scheduled.delete(resource);
    last.set(resource, timers.now());
    invalidate(resource);
  }

  function touch(resource: Resource) {
    if (scheduled.has(resource)) return;
    const since = last.get(resource);
    const wait = Math.max(delayMs, since === undefined ? 0 : since + minIntervalMs - timers.now());
    scheduled.set(resource, timers.setTimeout(() => run(resource), wait));
  }

  return {
    /** An event arrived (type as sent; unknown types are ignored). */
    onEvent(type: string) {
      for (const resource of EVENT_QUERIES[type] ?? []) touch(resource);
    },
    /** Resources waiting for their refetch (tests). */
    pending(): Resource[] {
      return [...scheduled.keys()];
    },
    stop() {
      for (const handle of scheduled.values()) timers.clearTimeout(handle);
      scheduled.clear();
    },
  };
}
