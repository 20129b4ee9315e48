// What travels: small invalidation hints, never data. A browser that gets
// one refetches the queries it names (lib/hooks/sse-invalidation.ts).
export const EVENT_TYPES = [
  'sync_complete',
  'sync',
  'reconciliation_ready',
  'notification',
  'kpis_updated',
  'item_status',
  'settings',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Progress of a running sync (`sync` events): where it is and how far. */
export interface SyncProgress {
  stage?: string;
  done?: number;
  total?: number;
  created?: number;
  updated?: number;
}

export interface AppEvent {
  type: EventType;
  tenantId: string;
  entity?: string;
  ids?: string[];
  /** Only this user should receive it (user-targeted notifications). */
  userId?: string | null;
  /** Small progress fields, for `sync`. */
  data?: SyncProgress;
}

/** A published event: the hint plus its SSE id. */
export interface PublishedEvent extends AppEvent {
  seq: number;
}

/** More ids than this and the hint names none (the client refetches the whole query anyway). */
export const MAX_IDS = 50;

const TYPES = new Set<string>(EVENT_TYPES);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && TYPES.has(value);
}

/** The hint as stored and sent: ids capped, progress reduced to its known numeric/short fields. */
export function normalizeEvent(event: AppEvent): AppEvent {
  if (!isEventType(event.type)) throw new Error(`unknown event type: ${String(event.type)}`);
  if (!UUID.test(event.tenantId)) throw new Error('event tenantId must be a tenant uuid');
  const out: AppEvent = { type: event.type, tenantId: event.tenantId };
  if (event.entity) out.entity = event.entity.slice(0, 64);
  if (event.ids?.length && event.ids.length <= MAX_IDS) out.ids = [...event.ids];
  if (event.userId) out.userId = event.userId.slice(0, 191);
  if (event.data) {
    const data: SyncProgress = {};
    if (typeof event.data.stage === 'string') data.stage = event.data.stage.slice(0, 40);
    for (const k of ['done', 'total', 'created', 'updated'] as const) {
      const v = event.data[k];
      if (typeof v === 'number' && Number.isFinite(v)) data[k] = v;
    }
    if (Object.keys(data).length) out.data = data;
  }
  return out;
}
