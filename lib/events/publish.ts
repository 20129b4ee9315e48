// Real-time hints for the dashboard: small {type, tenantId, entity, ids}
// messages, never data. They go out through PostgreSQL NOTIFY inside the
// caller's transaction, so they are delivered only if the change commits and
// reach every app instance that LISTENs (the SSE endpoint).
import type { Tx } from '@/lib/prisma';

export const EVENTS_CHANNEL = 'concilia_events';

export type EventType = 'sync_complete' | 'sync' | 'reconciliation_ready' | 'notification' | 'settings' | 'kpis_updated';

export interface AppEvent {
  type: EventType;
  tenantId: string;
  entity?: string;
  ids?: string[];
  /** Only this user should react (user-targeted notifications). */
  userId?: string | null;
}

// NOTIFY payloads are capped at 8000 bytes; long id lists are dropped (the
// client refetches the whole query anyway).
const MAX_PAYLOAD = 7000;

export function encodeEvent(event: AppEvent): string {
  const full = JSON.stringify(event);
  return full.length <= MAX_PAYLOAD ? full : JSON.stringify({ ...event, ids: undefined });
}

export async function publishEvent(tx: Pick<Tx, '$executeRaw'>, event: AppEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${encodeEvent(event)})`;
}

/** Several events in one statement (e.g. kpis_updated for every tenant a KPI refresh covered). */
export async function publishEvents(db: Pick<Tx, '$executeRawUnsafe'>, events: readonly AppEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.$executeRawUnsafe(`SELECT pg_notify($1, e) FROM unnest($2::text[]) AS e`, EVENTS_CHANNEL, events.map(encodeEvent));
}
