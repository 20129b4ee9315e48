// The relay: one per instance. It
// - flushes the hints this instance emitted after commit (coalesced, at
//   most one flush per MIN_FLUSH_MS) and claims outbox rows written inside
//   domain transactions, in one short transaction that gives each a `seq`
//   under the cursor row's lock and publishes them through the transport
//   (one NOTIFY or PUBLISH per flush, not per write);
// - receives every instance's flushes through its one subscription and
//   hands them to the local hub exactly once, in seq order. Seqs are
//   contiguous (the cursor is transactional), so a hole means a message was
//   missed or is late: after GAP_WAIT_MS it reads the rows from the table,
//   which is also what it does after the subscription reconnects, and every
//   second while the subscription is down;
// - prunes rows older than the retention window (the replay buffer).
import { coalesce } from '@/lib/events/coalesce';
import type { Hub } from '@/lib/events/hub';
import type { Transport } from '@/lib/events/transport/types';
import { normalizeEvent, type AppEvent, type PublishedEvent } from '@/lib/events/types';
import { chunkBySize, decodeBatch, encodeBatch, encodeWithoutSeq } from '@/lib/events/wire';
import { log } from '@/lib/log';
import type { Db, Tx } from '@/lib/prisma';

export interface RelayOptions {
  db: () => Db;
  transport: Transport;
  hub: Hub;
  retentionMs: number;
  minFlushMs?: number;
}

const GAP_WAIT_MS = 150;
const DOWN_POLL_MS = 1000;
const SWEEP_MS = 2000;
const PRUNE_MS = 60_000;
const CLAIM_LIMIT = 500;
const CATCH_UP_LIMIT = 1000;
/** After a publishEvent(tx, …), look for the committed row this long, backing off from 5 ms. */
const OUTBOX_WATCH_MS = 2000;

interface Row {
  seq: bigint;
  tenant_id: string;
  user_id: string | null;
  type: string;
  entity: string | null;
  ids: unknown;
  data: unknown;
}

function fromRow(r: Row): PublishedEvent {
  const e: PublishedEvent = { seq: Number(r.seq), type: r.type as PublishedEvent['type'], tenantId: r.tenant_id };
  if (r.entity) e.entity = r.entity;
  if (Array.isArray(r.ids)) e.ids = r.ids as string[];
  if (r.user_id) e.userId = r.user_id;
  if (r.data && typeof r.data === 'object') e.data = r.data as PublishedEvent['data'];
  return e;
}

const unref = (t: NodeJS.Timeout) => (t.unref(), t);

export class Relay {
  /** Highest seq handed to the hub; null until the baseline is read. */
  lastSeq: number | null = null;
  readonly stats = { flushes: 0, published: 0, delivered: 0, catchUps: 0, flushErrors: 0 };
  readonly ready: Promise<void>;

  private pending: AppEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private lastFlushAt = 0;
  private retryMs = 0;
  private claimWanted = false;
  private outboxUntil = 0;
  private outboxDelay = 5;
  private outboxTimer: NodeJS.Timeout | null = null;
  private readonly early: PublishedEvent[] = [];
  private readonly held = new Map<number, PublishedEvent>();
  private gapTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly minFlushMs: number;

  constructor(private readonly opts: RelayOptions) {
    this.minFlushMs = opts.minFlushMs ?? 200;
    this.unsubscribe = opts.transport.subscribe(
      (payload) => this.receive(decodeBatch(payload)),
      (up) => {
        if (up) void this.catchUp();
      },
    );
    this.ready = this.readBaseline();
    this.timers.push(
      unref(setInterval(() => void this.sweep(), SWEEP_MS)),
      unref(setInterval(() => void this.prune().catch((err: unknown) => log('warn', 'events prune failed', { err })), PRUNE_MS)),
      unref(
        setInterval(() => {
          if (!opts.transport.connected) void this.catchUp();
        }, DOWN_POLL_MS),
      ),
    );
  }

  get transportName(): string {
    return this.opts.transport.name;
  }

  get transportConnected(): boolean {
    return this.opts.transport.connected;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** A hint for a change that has committed: published with the next flush. */
  emit(event: AppEvent): void {
    this.pending.push(normalizeEvent(event));
    this.scheduleFlush();
  }

  /** A publishEvent(tx, …) was issued here: look for its row once it commits. */
  watchOutbox(): void {
    this.outboxUntil = Date.now() + OUTBOX_WATCH_MS;
    // A watch already running keeps its pace: many writes must not turn
    // into a probe every few milliseconds.
    if (this.outboxTimer) return;
    this.outboxDelay = 5;
    this.armOutboxWatch();
  }

  /** Flushes now (pending hints and any outbox rows); resolves once published. */
  async flushNow(): Promise<void> {
    this.claimWanted = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flush();
  }

  /** Deletes what is older than the window (whole seq prefix, so the buffer stays contiguous). */
  async prune(retentionMs = this.opts.retentionMs): Promise<number> {
    const cutoff = new Date(Date.now() - retentionMs);
    return this.opts.db().$executeRaw`
      DELETE FROM realtime_events
      WHERE seq <= (SELECT max(seq) FROM realtime_events WHERE published_at < ${cutoff})
         OR (seq IS NULL AND created_at < ${new Date(Date.now() - 24 * 3600_000)})`;
  }

  /** Waits until everything published before this call has reached the hub (tests, bench). */
  async settle(timeoutMs = 5000): Promise<void> {
    await this.ready;
    const target = await this.readCursor();
    const until = Date.now() + timeoutMs;
    while ((this.lastSeq ?? 0) < target) {
      if (Date.now() > until) throw new Error(`relay at ${this.lastSeq}, cursor at ${target}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const t of [this.flushTimer, this.outboxTimer, this.gapTimer]) if (t) clearTimeout(t);
    this.unsubscribe?.();
    await this.flushing?.catch(() => undefined);
    await this.opts.transport.stop();
  }

  // ---- publishing ----

  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped) return;
    const wait = Math.max(this.retryMs, this.lastFlushAt + this.minFlushMs - Date.now(), 0);
    this.flushTimer = unref(
      setTimeout(() => {
        this.flushTimer = null;
        void this.flush();
      }, wait),
    );
  }

  private flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        if (this.pending.length || this.claimWanted) this.scheduleFlush();
      }
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const batch = coalesce(this.pending.splice(0));
    const claim = this.claimWanted;
    this.claimWanted = false;
    if (!batch.length && !claim) return;
    this.lastFlushAt = Date.now();
    try {
      let payloads: string[] = [];
      // The usual flush (this instance's hints, no outbox rows to claim) is
      // one statement; claims, and a database without its cursor row yet,
      // take the transaction.
      let published = !claim && batch.length ? await this.insertBatch(batch) : null;
      if (published) {
        if (!this.opts.transport.notifyChannel) payloads = encodeBatch(published);
      } else {
        published = await this.opts.db().$transaction(async (tx) => {
          const out = await this.assignSeqs(tx, batch, claim);
          if (!out.length) return out;
          payloads = encodeBatch(out);
          await this.opts.transport.publishInTx(tx, payloads);
          return out;
        });
      }
      if (published.length) {
        this.stats.flushes += 1;
        this.stats.published += published.length;
        if (payloads.length) await this.opts.transport.publishAfterCommit(payloads).catch((err: unknown) => {
          // Committed rows are not lost: receivers find them by their hole.
          log('warn', 'events publish failed after commit', { err });
        });
      }
      this.retryMs = 0;
    } catch (err) {
      this.stats.flushErrors += 1;
      this.pending.unshift(...batch);
      if (claim) this.claimWanted = true;
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 250), 10_000);
      log('warn', 'events flush failed, retrying', { err, retryMs: this.retryMs });
      this.scheduleFlush();
    }
  }

  /**
   * The flush of hints alone, in one statement and so one round trip (the
   * transaction's five cost tens of milliseconds on a busy machine, on the
   * path of every hint): it moves the cursor (its row lock is held until the
   * statement commits, as in assignSeqs), inserts the rows with the seqs it
   * reserved and, on PostgreSQL, NOTIFYs them from inside the statement, so
   * the message commits with the rows and in seq order. Null when the cursor
   * row does not exist yet (assignSeqs creates it).
   */
  private async insertBatch(batch: AppEvent[]): Promise<PublishedEvent[] | null> {
    const encoded = batch.map(encodeWithoutSeq);
    const chunks = chunkBySize(encoded.map((e) => e.size));
    const rows = batch.map((e, i) => ({ k: i + 1, chunk: chunks[i], ...eventColumns(e), body: encoded[i]!.body }));
    const channel = this.opts.transport.notifyChannel ?? '';
    const n = batch.length;
    const res = await this.opts.db().$queryRaw<{ base: bigint; inserted: number }[]>`
      WITH c AS (
        UPDATE realtime_event_cursor SET last_seq = last_seq + ${n} WHERE id = 1 RETURNING last_seq - ${n} AS base
      ), x AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS x(k bigint, chunk int, tenant_id text, user_id text, type text, entity text, ids jsonb, data jsonb, body text)
      ), ins AS (
        INSERT INTO realtime_events (seq, tenant_id, user_id, type, entity, ids, data, published_at)
        SELECT c.base + x.k, x.tenant_id::uuid, x.user_id, x.type, x.entity, x.ids, x.data, clock_timestamp() FROM c, x
        RETURNING 1
      ), note AS (
        SELECT pg_notify(${channel}, '[' || string_agg('{"seq":' || (c.base + x.k) || ',' || substr(x.body, 2), ',' ORDER BY x.k) || ']')
        FROM c, x WHERE ${channel} <> '' GROUP BY x.chunk
      )
      SELECT c.base, (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM note)::int AS notes FROM c`;
    if (!res.length) return null;
    const base = Number(res[0]!.base);
    return batch.map((e, i) => ({ ...e, seq: base + i + 1 }));
  }

  private async assignSeqs(tx: Tx, batch: AppEvent[], claim: boolean): Promise<PublishedEvent[]> {
    // The row lock serialises flushes of every instance until commit.
    let cursor = await tx.$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM realtime_event_cursor WHERE id = 1 FOR UPDATE`;
    if (!cursor.length) {
      await tx.$executeRaw`INSERT INTO realtime_event_cursor (id, last_seq)
        VALUES (1, (SELECT coalesce(max(seq), 0) FROM realtime_events)) ON CONFLICT DO NOTHING`;
      cursor = await tx.$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM realtime_event_cursor WHERE id = 1 FOR UPDATE`;
    }
    let seq = Number(cursor[0]!.last_seq);
    const out: PublishedEvent[] = [];
    if (claim) {
      const rows = await tx.$queryRaw<(Row & { id: bigint })[]>`
        SELECT id, seq, tenant_id::text AS tenant_id, user_id, type, entity, ids, data
        FROM realtime_events WHERE seq IS NULL ORDER BY id LIMIT ${CLAIM_LIMIT} FOR UPDATE`;
      if (rows.length) {
        const assigned = rows.map((r) => ({ id: String(r.id), seq: ++seq }));
        await tx.$executeRaw`
          UPDATE realtime_events r SET seq = v.seq, published_at = clock_timestamp()
          FROM jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb) AS v(id bigint, seq bigint)
          WHERE r.id = v.id`;
        rows.forEach((r, i) => out.push(fromRow({ ...r, seq: BigInt(assigned[i]!.seq) })));
        if (rows.length === CLAIM_LIMIT) this.claimWanted = true;
      }
    }
    if (batch.length) {
      const rows = batch.map((e) => ({ seq: ++seq, ...eventColumns(e) }));
      await tx.$executeRaw`
        INSERT INTO realtime_events (seq, tenant_id, user_id, type, entity, ids, data, published_at)
        SELECT x.seq, x.tenant_id::uuid, x.user_id, x.type, x.entity, x.ids, x.data, clock_timestamp()
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS x(seq bigint, tenant_id text, user_id text, type text, entity text, ids jsonb, data jsonb)`;
      batch.forEach((e, i) => out.push({ ...e, seq: rows[i]!.seq }));
    }
    if (out.length) await tx.$executeRaw`UPDATE realtime_event_cursor SET last_seq = ${seq} WHERE id = 1`;
    return out;
  }

  private armOutboxWatch(): void {
    this.outboxTimer = unref(
      setTimeout(() => {
        this.outboxTimer = null;
        void this.sweep().finally(() => {
          if (Date.now() >= this.outboxUntil || this.stopped || this.outboxTimer) return;
          this.outboxDelay = Math.min(this.outboxDelay * 2, 250);
          this.armOutboxWatch();
        });
      }, this.outboxDelay),
    );
  }

  /** Claims outbox rows when there are any (a cheap indexed probe otherwise). */
  private async sweep(): Promise<void> {
    try {
      const rows = await this.opts.db().$queryRaw<unknown[]>`SELECT 1 FROM realtime_events WHERE seq IS NULL LIMIT 1`;
      if (!rows.length) return;
      this.claimWanted = true;
      // Through the schedule, so claims too happen at most every MIN_FLUSH_MS.
      this.scheduleFlush();
    } catch (err) {
      log('debug', 'events sweep failed', { err });
    }
  }

  // ---- receiving ----

  private async readCursor(): Promise<number> {
    const rows = await this.opts.db().$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM realtime_event_cursor WHERE id = 1`;
    return Number(rows[0]?.last_seq ?? 0);
  }

  private async readBaseline(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.lastSeq = await this.readCursor();
        break;
      } catch (err) {
        if (this.stopped) return;
        log(attempt ? 'debug' : 'warn', 'events relay cannot read its baseline, retrying', { err });
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5000)));
      }
    }
    this.receive(this.early.splice(0));
  }

  private receive(events: PublishedEvent[]): void {
    if (this.lastSeq === null) {
      this.early.push(...events);
      return;
    }
    for (const e of events) if (e.seq > this.lastSeq) this.held.set(e.seq, e);
    this.drain();
    if (this.held.size && !this.gapTimer) {
      this.gapTimer = unref(
        setTimeout(() => {
          this.gapTimer = null;
          if (this.held.size) void this.catchUp();
        }, GAP_WAIT_MS),
      );
    }
  }

  private drain(): void {
    for (let next = this.held.get(this.lastSeq! + 1); next; next = this.held.get(this.lastSeq! + 1)) {
      this.held.delete(next.seq);
      this.deliver(next);
    }
  }

  private deliver(e: PublishedEvent): void {
    this.lastSeq = e.seq;
    this.stats.delivered += 1;
    this.opts.hub.dispatch(e);
  }

  /** Reads what this instance has not delivered from the table (authoritative: committed rows). */
  private catchUp(): Promise<void> {
    if (this.catchingUp || this.lastSeq === null || this.stopped) return this.catchingUp ?? Promise.resolve();
    this.catchingUp = (async () => {
      this.stats.catchUps += 1;
      try {
        for (;;) {
          const from = this.lastSeq!;
          const rows = await this.opts.db().$queryRaw<Row[]>`
            SELECT seq, tenant_id::text AS tenant_id, user_id, type, entity, ids, data
            FROM realtime_events WHERE seq > ${from} ORDER BY seq LIMIT ${CATCH_UP_LIMIT}`;
          for (const r of rows) {
            const e = fromRow(r);
            if (e.seq > this.lastSeq!) this.deliver(e);
          }
          for (const seq of this.held.keys()) if (seq <= this.lastSeq!) this.held.delete(seq);
          this.drain();
          if (rows.length < CATCH_UP_LIMIT) break;
        }
        // Held messages beyond the last committed row cannot exist; drop strays.
        if (this.held.size) {
          const cursor = await this.readCursor();
          for (const seq of this.held.keys()) if (seq > cursor) this.held.delete(seq);
        }
      } catch (err) {
        log('debug', 'events catch-up failed', { err });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }
}

/** An event's columns of realtime_events, as jsonb_to_recordset reads them. */
function eventColumns(e: AppEvent) {
  return { tenant_id: e.tenantId, user_id: e.userId ?? null, type: e.type, entity: e.entity ?? null, ids: e.ids ?? null, data: e.data ?? null };
}
