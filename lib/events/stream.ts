// One SSE stream: registered with the hub for its tenant (and user), replay
// after Last-Event-ID from the table, then live events, a heartbeat comment
// from one shared timer, and everything released when the client goes away
// (cancel or abort), or when it falls too far behind to be worth keeping.
import { getListener } from '@/lib/db/listener';
import { env } from '@/lib/env';
import type { Subscriber } from '@/lib/events/hub';
import { getRuntime, peekRuntime } from '@/lib/events/runtime';
import type { PublishedEvent } from '@/lib/events/types';
import type { Db } from '@/lib/prisma';

/** Replays longer than this are a `resync`: refetching everything is cheaper. */
export const REPLAY_LIMIT = 500;
/** Reconnection delay advised to EventSource (`retry:`). */
export const RETRY_MS = 3000;
/** Chunks queued for a client that does not read: past this it is dropped (it reconnects and replays). */
const MAX_QUEUED_CHUNKS = 1000;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': hb\n\n');

/** What a browser receives as `data:` (no tenant id: the stream is already scoped). */
export function wireData(e: PublishedEvent | { type: 'ready' | 'resync' }): string {
  if (!('seq' in e)) return JSON.stringify({ type: e.type });
  const out: Record<string, unknown> = { type: e.type };
  if (e.entity) out.entity = e.entity;
  if (e.ids) out.ids = e.ids;
  if (e.data) out.data = e.data;
  return JSON.stringify(out);
}

const frame = (id: number, data: string) => encoder.encode(`id: ${id}\ndata: ${data}\n\n`);

// The hub hands every stream of a tenant the same event object: serialised and
// encoded once, then the same bytes are queued on each (5,000 streams cost one
// JSON.stringify, not 5,000). Nothing writes to a queued chunk.
const framed = new WeakMap<PublishedEvent, Uint8Array>();
function eventFrame(e: PublishedEvent): Uint8Array {
  let f = framed.get(e);
  if (!f) framed.set(e, (f = frame(e.seq, wireData(e))));
  return f;
}

interface Writer {
  write(chunk: Uint8Array): void;
}

// One heartbeat timer for all of this instance's streams, running only
// while there is at least one.
const TICK_KEY = Symbol.for('concilia.sse.heartbeat');
type Ticker = { writers: Set<Writer>; timer: NodeJS.Timeout | null; everyMs: number };
const tickBox = globalThis as Record<symbol, Ticker | undefined>;
const ticker = (tickBox[TICK_KEY] ??= { writers: new Set(), timer: null, everyMs: 0 });

function joinHeartbeat(w: Writer): () => void {
  ticker.writers.add(w);
  if (!ticker.timer) {
    ticker.everyMs = env().SSE_HEARTBEAT_MS;
    ticker.timer = setInterval(() => {
      for (const writer of ticker.writers) writer.write(HEARTBEAT);
    }, ticker.everyMs);
    ticker.timer.unref();
  }
  return () => {
    ticker.writers.delete(w);
    if (ticker.writers.size === 0 && ticker.timer) {
      clearInterval(ticker.timer);
      ticker.timer = null;
    }
  };
}

const STREAMS_KEY = Symbol.for('concilia.sse.streams');
const streamsBox = globalThis as Record<symbol, { open: number } | undefined>;
const streams = (streamsBox[STREAMS_KEY] ??= { open: 0 });

/** Counters for tests, /api/health and metrics: what an instance holds for its browsers. */
export function sseStats() {
  // Reading the counters must not start a relay.
  const rt = peekRuntime();
  return {
    streams: streams.open,
    heartbeatTimers: ticker.timer ? 1 : 0,
    heartbeatWriters: ticker.writers.size,
    subscribers: rt?.hub.size ?? 0,
    tenants: rt?.hub.tenants ?? 0,
    transport: rt?.relay.transportName ?? null,
    transportConnected: rt?.relay.transportConnected ?? false,
    lastSeq: rt?.relay.lastSeq ?? null,
    relay: rt ? { ...rt.relay.stats, pending: rt.relay.pendingCount } : null,
  };
}

// A stream is authorised once, when it opens. Whatever may change that (a
// sign-out, a revoked session, a removed membership, a role or active-tenant
// change) is announced on the auth channel by database triggers with the
// user's id: that user's streams are closed, and the browser's reconnection
// is authorised afresh (and replayed, so nothing is missed).
const AUTH_CHANNEL = 'concilia_auth';
const AUTH_KEY = Symbol.for('concilia.sse.authWatch');
const authBox = globalThis as Record<symbol, boolean | undefined>;

function watchAuthChanges(hub: { closeUser(userId: string): number }): void {
  if (authBox[AUTH_KEY]) return;
  const listener = getListener();
  if (!listener) return;
  authBox[AUTH_KEY] = true;
  listener.on(AUTH_CHANNEL, (payload) => {
    if (payload.startsWith('u:')) hub.closeUser(payload.slice(2));
  });
}

type Replay = { kind: 'events'; events: PublishedEvent[] } | { kind: 'resync' };

async function replay(db: Db, scope: { tenantId: string; userId: string }, after: number, upTo: number): Promise<Replay> {
  if (after > upTo) return { kind: 'resync' };
  if (after === upTo) return { kind: 'events', events: [] };
  // Pruning removes a whole seq prefix; if what follows `after` is gone, the gap cannot be replayed.
  const [oldest] = await db.$queryRaw<{ min: bigint | null }[]>`SELECT min(seq) AS min FROM realtime_events WHERE seq IS NOT NULL`;
  if (oldest?.min == null || Number(oldest.min) > after + 1) return { kind: 'resync' };
  const rows = await db.$queryRaw<
    { seq: bigint; type: string; entity: string | null; ids: unknown; data: unknown; user_id: string | null }[]
  >`SELECT seq, type, entity, ids, data, user_id FROM realtime_events
    WHERE tenant_id = ${scope.tenantId}::uuid AND seq > ${after} AND seq <= ${upTo}
      AND (user_id IS NULL OR user_id = ${scope.userId})
    ORDER BY seq LIMIT ${REPLAY_LIMIT + 1}`;
  if (rows.length > REPLAY_LIMIT) return { kind: 'resync' };
  return {
    kind: 'events',
    events: rows.map((r) => {
      const e: PublishedEvent = { seq: Number(r.seq), type: r.type as PublishedEvent['type'], tenantId: scope.tenantId };
      if (r.entity) e.entity = r.entity;
      if (Array.isArray(r.ids)) e.ids = r.ids as string[];
      if (r.data && typeof r.data === 'object') e.data = r.data as PublishedEvent['data'];
      if (r.user_id) e.userId = r.user_id;
      return e;
    }),
  };
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: proxies and Next's own compression (which honours it) leave the stream alone.
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** Parses a Last-Event-ID (header or query): a non-negative integer, else null. */
export function parseLastEventId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export interface OpenStreamOptions {
  db: Db;
  tenantId: string;
  userId: string;
  lastEventId: number | null;
  signal?: AbortSignal;
}

/** The SSE response for one browser. Throws (before anything is sent) when events are unavailable. */
export async function openEventStream(opts: OpenStreamOptions): Promise<Response> {
  const rt = getRuntime();
  if (!rt) throw new Error('real-time events need DATABASE_URL');
  await rt.relay.ready;

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let live = false;
  const early: PublishedEvent[] = [];
  const cleanups: (() => void)[] = [];

  const close = () => {
    if (closed) return;
    closed = true;
    streams.open -= 1;
    for (const fn of cleanups.splice(0)) fn();
    try {
      controller.close();
    } catch {
      // already closed or errored by the reader
    }
  };
  const writer: Writer = {
    write(chunk) {
      if (closed) return;
      if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
      try {
        controller.enqueue(chunk);
      } catch {
        close();
      }
    },
  };
  const sub: Subscriber = {
    tenantId: opts.tenantId,
    userId: opts.userId,
    deliver(e) {
      if (!live) early.push(e);
      else writer.write(eventFrame(e));
    },
    close: () => close(),
  };
  watchAuthChanges(rt.hub);

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel: close,
  });
  streams.open += 1;
  // Registered and the bound read in the same tick: everything after `upTo`
  // arrives through `deliver`, everything up to it comes from the table.
  cleanups.push(rt.hub.add(sub));
  const upTo = rt.relay.lastSeq ?? 0;
  cleanups.push(joinHeartbeat(writer));
  if (opts.signal) {
    if (opts.signal.aborted) close();
    const onAbort = () => close();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => opts.signal!.removeEventListener('abort', onAbort));
  }

  writer.write(encoder.encode(`retry: ${RETRY_MS}\n\n`));
  let result: Replay = { kind: 'events', events: [] };
  if (opts.lastEventId !== null) {
    try {
      result = await replay(opts.db, opts, opts.lastEventId, upTo);
    } catch {
      result = { kind: 'resync' };
    }
  }
  if (result.kind === 'resync') writer.write(frame(upTo, wireData({ type: 'resync' })));
  else if (opts.lastEventId === null) writer.write(frame(upTo, wireData({ type: 'ready' })));
  let last = opts.lastEventId ?? upTo;
  if (result.kind === 'events') for (const e of result.events) writer.write(frame((last = e.seq), wireData(e)));
  for (const e of early.splice(0)) if (e.seq > last) writer.write(eventFrame(e));
  live = true;
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
