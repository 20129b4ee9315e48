// Storing acknowledged webhook events with group commit: the events of
// concurrent deliveries go into one INSERT (one statement, one commit, one
// WAL flush) instead of one each. While a statement is in flight the next
// deliveries wait for it and then go together in the next one, so a lone
// delivery costs one round trip and a burst of 32 costs a few. Every caller
// is answered only after the statement holding its event committed: the
// acknowledgement stays durable.
//
// The statements run on connections of their own (MAX_IN_FLIGHT of them,
// kept open): a burst then never waits behind the jobs' queries for a
// pooled connection, nor for a new one to be opened when the shared pool
// has let its idle ones go (both showed in the ack's p99: bench/README,
// bench:sync), and each keeps the INSERT prepared.
import { Pool } from 'pg';
import { env } from '@/lib/env';
import { getPool, getPrisma } from '@/lib/prisma';
import type { AckMarks } from './ack-trace';

export interface NewWebhookEvent {
  tenantId: string;
  eventId: string;
  event: string;
  itemId: string | null;
  /** The raw body, as JSON text. */
  payload: string;
}

export interface StoredWebhookEvent {
  /** false: an event with this (tenant, eventId) was already stored. */
  inserted: boolean;
  /** The stored event was already processed (a replay of a done event). */
  processed: boolean;
}

/** Events per statement, at most (a burst larger than this takes several). */
const MAX_GROUP = 256;
/** Statements in flight at once: one filling while one commits. */
const MAX_IN_FLIGHT = 2;

const INSERT_SQL = `
INSERT INTO pluggy_webhook_events (id, tenant_id, event_id, event, item_id, payload, received_at)
SELECT gen_random_uuid(), u.tenant_id, u.event_id, u.event, u.item_id, u.payload::jsonb, now()
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(tenant_id, event_id, event, item_id, payload)
ON CONFLICT (tenant_id, event_id) DO UPDATE SET event_id = EXCLUDED.event_id
RETURNING tenant_id::text AS "tenantId", event_id AS "eventId", (xmax = 0) AS inserted, (processed_at IS NOT NULL) AS processed`;

interface Waiting {
  e: NewWebhookEvent;
  marks: AckMarks | null;
  resolve: (r: StoredWebhookEvent) => void;
  reject: (err: unknown) => void;
}

let waiting: Waiting[] = [];
let inFlight = 0;

const keyOf = (tenantId: string, eventId: string) => `${tenantId}\u0000${eventId}`;

type InsertedRow = { tenantId: string; eventId: string; inserted: boolean; processed: boolean };

const globalForEvents = globalThis as unknown as { conciliaWebhookEventPool?: { url: string; pool: Pool } };

/** The event store's own pool (direct mode); undefined when the app talks to PostgreSQL through Accelerate. */
function eventPool(): Pool | undefined {
  if (!getPool()) return undefined;
  const url = env().DATABASE_URL!;
  const held = globalForEvents.conciliaWebhookEventPool;
  if (held?.url === url) return held.pool;
  // Opened on the first delivery; its connections are never reaped as idle
  // (min = max), and do not keep a process that is done from exiting.
  const pool = new Pool({ connectionString: url, max: MAX_IN_FLIGHT, min: MAX_IN_FLIGHT, idleTimeoutMillis: 10 * 60_000, allowExitOnIdle: true });
  pool.on('error', (err) => console.error('[db] webhook event store: idle client error:', err.message));
  if (held) void held.pool.end().catch(() => undefined);
  globalForEvents.conciliaWebhookEventPool = { url, pool };
  return pool;
}

/** Closes the event store's connections (shutdown, tests). */
export async function closeWebhookEventPool(): Promise<void> {
  const held = globalForEvents.conciliaWebhookEventPool;
  globalForEvents.conciliaWebhookEventPool = undefined;
  await held?.pool.end();
}

async function insertGroup(events: NewWebhookEvent[], traced: Waiting[] = []): Promise<Map<string, StoredWebhookEvent>> {
  const params = [events.map((e) => e.tenantId), events.map((e) => e.eventId), events.map((e) => e.event), events.map((e) => e.itemId), events.map((e) => e.payload)];
  const pool = eventPool();
  let rows: InsertedRow[];
  if (pool) {
    const waitingForPool = pool.waitingCount;
    const client = await pool.connect();
    try {
      const t = performance.now();
      for (const w of traced) if (w.marks) Object.assign(w.marks, { conn: t, poolWaiting: waitingForPool, group: events.length });
      rows = (await client.query({ name: 'pluggy_webhook_events_insert', text: INSERT_SQL, values: params })).rows as InsertedRow[];
    } finally {
      client.release();
    }
  } else {
    rows = await getPrisma().$queryRawUnsafe<InsertedRow[]>(INSERT_SQL, ...params);
  }
  const t = performance.now();
  for (const w of traced) if (w.marks) w.marks.committed = t;
  return new Map(rows.map((r) => [keyOf(r.tenantId, r.eventId), { inserted: r.inserted, processed: r.processed }]));
}

type Outcome = { ok: StoredWebhookEvent } | { err: unknown };

async function flush(group: Waiting[]): Promise<void> {
  // One row per (tenant, eventId) in a statement (ON CONFLICT cannot touch
  // a row twice): a duplicate delivered in the same group is a duplicate.
  const unique = new Map<string, NewWebhookEvent>();
  for (const w of group) if (!unique.has(keyOf(w.e.tenantId, w.e.eventId))) unique.set(keyOf(w.e.tenantId, w.e.eventId), w.e);
  const outcome = new Map<string, Outcome>();
  const t = performance.now();
  for (const w of group) if (w.marks) w.marks.flush = t;
  try {
    for (const [k, r] of await insertGroup([...unique.values()], group)) outcome.set(k, { ok: r });
  } catch (err) {
    // One bad event (say a payload jsonb refuses) must not fail the others
    // of its group: each is then stored on its own.
    for (const [k, e] of unique) {
      if (unique.size === 1) outcome.set(k, { err });
      else {
        try {
          const one = (await insertGroup([e])).get(k);
          if (one) outcome.set(k, { ok: one });
        } catch (oneErr) {
          outcome.set(k, { err: oneErr });
        }
      }
    }
  }
  const seen = new Set<string>();
  for (const w of group) {
    const k = keyOf(w.e.tenantId, w.e.eventId);
    const o = outcome.get(k) ?? { err: new Error('webhook event not stored') };
    if ('err' in o) w.reject(o.err);
    else w.resolve(seen.has(k) ? { ...o.ok, inserted: false } : o.ok);
    seen.add(k);
  }
}

let scheduled = false;

function pump(): void {
  scheduled = false;
  while (inFlight < MAX_IN_FLIGHT && waiting.length) {
    const group = waiting.slice(0, MAX_GROUP);
    waiting = waiting.slice(MAX_GROUP);
    inFlight++;
    void flush(group).finally(() => {
      inFlight--;
      pump();
    });
  }
}

/**
 * Stores one event (or finds it by (tenant, eventId)), resolving once the
 * statement that holds it has committed.
 */
export function storeWebhookEvent(e: NewWebhookEvent, marks: AckMarks | null = null): Promise<StoredWebhookEvent> {
  if (marks) marks.queued = performance.now();
  return new Promise<StoredWebhookEvent>((resolve, reject) => {
    waiting.push({ e, marks, resolve, reject });
    // Deliveries parsed in the same turn of the event loop join one group.
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(pump);
    }
  });
}
