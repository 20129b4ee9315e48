// The real-time API in one place (seed section 6), for domain code and tests:
//   publishEvent(tenantId, event)  hint for a committed change (after commit,
//                                  coalesced; reaches every instance)
//   subscribe({ tenantId, userId }, fn)
//                                  this instance's live events of a tenant
//   openEventStream(…)             the SSE response of GET /api/events
// Inside a transaction use publishEvent(tx, event) from lib/events/publish.
import { getRuntime } from '@/lib/events/runtime';
import { emitAfterCommit } from '@/lib/events/publish';
import type { AppEvent, PublishedEvent } from '@/lib/events/types';

export { openEventStream, parseLastEventId, sseStats, SSE_HEADERS } from '@/lib/events/stream';
export { withEvents } from '@/lib/events/publish';
export type { AppEvent, EventType, PublishedEvent } from '@/lib/events/types';

export function publishEvent(tenantId: string, event: Omit<AppEvent, 'tenantId'>): void {
  emitAfterCommit({ ...event, tenantId });
}

/** Live events of one tenant on this instance (user-targeted ones only for `userId`). */
export function subscribe(scope: { tenantId: string; userId?: string | null }, fn: (event: PublishedEvent) => void): () => void {
  const rt = getRuntime();
  if (!rt) throw new Error('real-time events need DATABASE_URL');
  return rt.hub.add({ tenantId: scope.tenantId, userId: scope.userId ?? null, deliver: fn });
}

/** Resolves once every event committed so far has reached this instance's subscribers. */
export async function settleEvents(timeoutMs?: number): Promise<void> {
  await getRuntime()?.relay.settle(timeoutMs);
}

/** Publishes this instance's pending hints and outbox rows now (tests, shutdown). */
export async function flushEvents(): Promise<void> {
  await getRuntime()?.relay.flushNow();
}

/**
 * The id of the newest event this instance has delivered (null without events). A
 * server render reads it before it reads any data, so what it renders holds every
 * change up to that event, and its browser asks for the events after it: a tab
 * opened a moment before an event does not miss it (lib/hooks/realtime/tabs.ts).
 */
export async function eventCursor(waitMs = 1000): Promise<string | null> {
  const rt = getRuntime();
  if (!rt) return null;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([rt.relay.ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  return rt.relay.lastSeq === null ? null : String(rt.relay.lastSeq);
}
