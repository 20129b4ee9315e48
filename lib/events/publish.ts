// How domain code announces a change to the browsers (see README.md here).
// Three ways in, one rule: no NOTIFY per row or per batch on a hot path.
//
// - publishEvent(tx, event): inside the writer's transaction, one small
//   INSERT into the outbox (realtime_events, no seq yet). Committed with the
//   change or not at all; a relay gives it its id and publishes it after
//   commit. For low-rate writes whose hint must survive a crash
//   (notifications, undo, settings), and for callers that only hold a `tx`.
// - emitAfterCommit(event): after the transaction has committed. Costs the
//   writer nothing (an array push); the relay coalesces per tenant and
//   publishes at most every 200 ms. For hot paths (sync batches, webhook
//   inserts, bulk confirm). Lost if the process dies within that window,
//   which a browser survives: its queries also refetch on focus and when
//   stale.
// - withEvents(db, fn): a transaction whose `emit` calls are held and
//   emitted after it commits (dropped on rollback).
import { getRuntime, peekRuntime } from '@/lib/events/runtime';
import { normalizeEvent, type AppEvent } from '@/lib/events/types';
import type { Db, Tx } from '@/lib/prisma';

export { EVENTS_CHANNEL } from '@/lib/events/transport/postgres';
export type { AppEvent, EventType, PublishedEvent, SyncProgress } from '@/lib/events/types';

/** Writes the hint into the outbox in the caller's transaction (or alone, given the client). */
export async function publishEvent(tx: Pick<Tx, '$executeRaw'>, event: AppEvent): Promise<void> {
  const e = normalizeEvent(event);
  await tx.$executeRaw`
    INSERT INTO realtime_events (tenant_id, user_id, type, entity, ids, data)
    VALUES (${e.tenantId}::uuid, ${e.userId ?? null}, ${e.type}, ${e.entity ?? null},
            ${e.ids ? JSON.stringify(e.ids) : null}::jsonb, ${e.data ? JSON.stringify(e.data) : null}::jsonb)`;
  // Nudge this instance's relay to look for the row once it commits; any
  // instance's periodic sweep finds it otherwise.
  (peekRuntime() ?? getRuntime())?.relay.watchOutbox();
}

/** Publishes a hint for a change that has already committed. Never throws for I/O. */
export function emitAfterCommit(event: AppEvent): void {
  const rt = getRuntime();
  if (!rt) return;
  rt.relay.emit(event);
}

/** Runs fn in a transaction; the events it emits go out only once it has committed. */
export async function withEvents<T>(db: Db, fn: (tx: Tx, emit: (event: AppEvent) => void) => Promise<T>): Promise<T> {
  const held: AppEvent[] = [];
  const result = await db.$transaction((tx) => fn(tx, (event) => held.push(normalizeEvent(event))));
  for (const e of held) emitAfterCommit(e);
  return result;
}
