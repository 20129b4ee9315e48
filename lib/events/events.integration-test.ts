// Real-time events in one instance, through the real route handler, the
// real database (outbox, cursor, replay buffer) and the LISTEN connection:
// delivery, only-if-committed, coalescing, scoping, replay, resync,
// heartbeat, and that a closed stream leaves nothing behind.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/events/route';
import { getListener } from '@/lib/db/listener';
import { publishEvent as publishInTx } from '@/lib/events/publish';
import { getRuntime } from '@/lib/events/runtime';
import { RATE_LIMIT_MARKER } from '@/lib/api/rate-limit-marker';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { flushEvents, publishEvent, settleEvents, sseStats, subscribe } from '@/lib/sse';
import { withEnv } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { throughProxy } from '@/test/security/next-pipeline';
import { SseReader } from '@/test/sse';

const { db } = testDb();
let a: FirmFixture;
let b: FirmFixture;

interface Open {
  status: number;
  headers: Headers;
  reader: SseReader;
  abort: () => void;
}

async function open(token: string, opts: { lastEventId?: string; query?: Record<string, string> } = {}): Promise<Open> {
  resetMemoryLimits();
  const url = new URL('http://localhost:3000/api/events');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (opts.lastEventId) headers.set('last-event-id', opts.lastEventId);
  const ac = new AbortController();
  const res = await GET(new Request(url, { headers, signal: ac.signal }), { params: Promise.resolve({}) });
  const reader = new SseReader(res.body!);
  opened.push(reader);
  return { status: res.status, headers: res.headers, reader, abort: () => ac.abort() };
}
const opened: SseReader[] = [];
// A failed test must not leave its streams open for the next one.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.cancel()));
});

const ofType = (type: string) => (f: { json?: { type: string } }) => f.json?.type === type;

async function waitForZero(): Promise<void> {
  for (let i = 0; i < 100 && (sseStats().streams || sseStats().subscribers || sseStats().heartbeatTimers); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  a = await createFirm(db, 'Firma Eventos A');
  b = await createFirm(db, 'Firma Eventos B');
});
afterAll(async () => {
  await waitForZero();
});

describe('GET /api/events', () => {
  it('answers an event stream: headers, retry advice, a numbered ready event', async () => {
    const s = await open(a.users.VIEWER.token);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(s.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    const ready = await s.reader.waitFor(ofType('ready'));
    expect(ready.id).toMatch(/^\d+$/);
    expect(s.reader.frames[0]!.retry).toBe(3000);
    await s.reader.cancel();
  });

  it('through proxy.ts: the request is not rewritten, and the wrapper counts each connection once (30 a minute)', async () => {
    resetMemoryLimits();
    const token = b.users.MEMBER.token;
    for (let i = 1; i <= 31; i++) {
      const out = await throughProxy(new Request('http://localhost:3000/api/events', { headers: { authorization: `Bearer ${token}` } }));
      if (!('forwarded' in out)) throw new Error(`proxy answered ${out.answered.status}`);
      // No marker, so Next has no request headers to rewrite for a connection that stays open.
      expect(out.forwarded.headers.has(RATE_LIMIT_MARKER)).toBe(false);
      const res = await GET(out.forwarded, { params: Promise.resolve({}) });
      await res.body?.cancel();
      if (i <= 30) {
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-remaining')).toBe(String(30 - i));
      } else {
        expect(res.status).toBe(429);
      }
    }
    await waitForZero();
    expect(sseStats().streams).toBe(0);
  });

  it('rejects a malformed lastEventId with 422 and no stream', async () => {
    const s = await open(a.users.VIEWER.token, { query: { lastEventId: 'abc' } });
    expect(s.status).toBe(422);
    await s.reader.cancel();
  });

  it('delivers a hint published after commit, and one written in a transaction only once it commits', async () => {
    const s = await open(a.users.VIEWER.token);
    await s.reader.waitFor(ofType('ready'));
    publishEvent(a.tenantId, { type: 'sync', entity: 'item', data: { stage: 'transactions', done: 3, total: 10 } });
    const sync = await s.reader.waitFor(ofType('sync'));
    expect(sync.json).toEqual({ type: 'sync', entity: 'item', data: { stage: 'transactions', done: 3, total: 10 } });

    // Rolled back: never delivered. Committed: delivered, after the one before it.
    await expect(
      db.$transaction(async (tx) => {
        await publishInTx(tx, { type: 'item_status', tenantId: a.tenantId, ids: ['rolled-back'] });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    let seenBeforeCommit = false;
    await db.$transaction(async (tx) => {
      await publishInTx(tx, { type: 'item_status', tenantId: a.tenantId, ids: ['committed'] });
      await new Promise((r) => setTimeout(r, 150));
      seenBeforeCommit = s.reader.frames.some(ofType('item_status'));
    });
    expect(seenBeforeCommit).toBe(false);
    const item = await s.reader.waitFor(ofType('item_status'));
    expect(item.json!.ids).toEqual(['committed']);
    await flushEvents();
    await settleEvents();
    expect(s.reader.events.filter(ofType('item_status'))).toHaveLength(1);
    expect(Number(item.id)).toBeGreaterThan(Number(sync.id));
    await s.reader.cancel();
  });

  it('coalesces a burst: one flush carries one hint per (type, entity) with the ids merged', async () => {
    const s = await open(a.users.OWNER.token);
    await s.reader.waitFor(ofType('ready'));
    // A flush just happened or not: either way at most two frames for 40 hints.
    for (let i = 0; i < 40; i++) publishEvent(a.tenantId, { type: 'reconciliation_ready', entity: 'reconciliation', ids: [`r${i}`] });
    await flushEvents();
    await settleEvents();
    await new Promise((r) => setTimeout(r, 50));
    const got = s.reader.events.filter(ofType('reconciliation_ready'));
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.length).toBeLessThanOrEqual(2);
    expect(got.flatMap((f) => f.json!.ids ?? []).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`).sort());
    await s.reader.cancel();
  });

  it('splits a flush too big for one NOTIFY: every hint arrives through the subscription, in order', async () => {
    const got: { seq: number; entity?: string; ids?: string[] }[] = [];
    const off = subscribe({ tenantId: b.tenantId }, (e) => got.push(e));
    const catchUpsBefore = sseStats().relay!.catchUps;
    try {
      // 30 hints of ~2 KB (50 ids each): ~60 KB, past PostgreSQL's 8,000-byte payload limit.
      // Left to the relay's own schedule (flushEvents would also claim the outbox, another path).
      const ids = (k: number) => Array.from({ length: 50 }, (_, i) => `${String(k).padStart(4, '0')}${i}-0000-4000-8000-000000000000`);
      for (let k = 0; k < 30; k++) publishEvent(b.tenantId, { type: 'item_status', entity: `e${k}`, ids: ids(k) });
      for (let i = 0; i < 500 && got.length < 30; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      off();
    }
    expect(got.map((e) => e.entity)).toEqual(Array.from({ length: 30 }, (_, k) => `e${k}`));
    expect(got.every((e, k) => e.ids?.length === 50 && e.ids[0] === `${String(k).padStart(4, '0')}0-0000-4000-8000-000000000000`)).toBe(true);
    expect(got.map((e) => e.seq - got[0]!.seq)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    // Not recovered from the table: the messages themselves carried them.
    expect(sseStats().relay!.catchUps).toBe(catchUpsBefore);
  });

  it('scopes streams to the tenant, and user-targeted events to that user', async () => {
    const viewerA = await open(a.users.VIEWER.token);
    const memberA = await open(a.users.MEMBER.token);
    const ownerB = await open(b.users.OWNER.token);
    await Promise.all([viewerA, memberA, ownerB].map((s) => s.reader.waitFor(ofType('ready'))));

    publishEvent(a.tenantId, { type: 'notification', ids: ['only-viewer-a'], userId: a.users.VIEWER.userId });
    publishEvent(a.tenantId, { type: 'kpis_updated', entity: 'kpis', ids: ['tenant-a'] });
    await flushEvents();
    // B's own marker comes after A's events (one relay, seq order): once B
    // sees it, anything of A's would already have reached B.
    publishEvent(b.tenantId, { type: 'settings', entity: 'marker-b' });
    await flushEvents();
    await ownerB.reader.waitFor((f) => f.json?.entity === 'marker-b');
    await viewerA.reader.waitFor(ofType('kpis_updated'));
    await memberA.reader.waitFor(ofType('kpis_updated'));
    await settleEvents();

    expect(viewerA.reader.events.filter(ofType('notification')).map((f) => f.json!.ids)).toEqual([['only-viewer-a']]);
    expect(memberA.reader.events.some(ofType('notification'))).toBe(false);
    expect(ownerB.reader.events.map((f) => f.json!.type)).toEqual(['ready', 'settings']);
    expect(JSON.stringify(ownerB.reader.frames)).not.toContain('tenant-a');
    expect(JSON.stringify(viewerA.reader.frames)).not.toContain('marker-b');
    await Promise.all([viewerA, memberA, ownerB].map((s) => s.reader.cancel()));
  });

  it('replays what a reconnecting client missed after Last-Event-ID, in order, in its own scope', async () => {
    const first = await open(a.users.VIEWER.token);
    const ready = await first.reader.waitFor(ofType('ready'));
    await first.reader.cancel();

    publishEvent(a.tenantId, { type: 'sync', ids: ['m1'] });
    await flushEvents();
    publishEvent(b.tenantId, { type: 'sync', ids: ['other-tenant'] });
    publishEvent(a.tenantId, { type: 'notification', ids: ['someone-else'], userId: a.users.MEMBER.userId });
    await flushEvents();
    publishEvent(a.tenantId, { type: 'sync_complete', ids: ['m2'] });
    await flushEvents();
    await settleEvents();

    for (const how of ['header', 'query'] as const) {
      const again = await open(a.users.VIEWER.token, how === 'header' ? { lastEventId: ready.id } : { query: { lastEventId: ready.id! } });
      await again.reader.waitFor((f) => f.json?.ids?.[0] === 'm2');
      const replayed = again.reader.events;
      // The second reconnection also missed the first one's live event.
      expect(replayed.map((f) => f.json!.ids?.[0])).toEqual(how === 'header' ? ['m1', 'm2'] : ['m1', 'm2', 'live-header']);
      expect(Number(replayed[0]!.id)).toBeGreaterThan(Number(ready.id));
      expect(Number(replayed[1]!.id)).toBeGreaterThan(Number(replayed[0]!.id));
      // and then live
      publishEvent(a.tenantId, { type: 'settings', ids: [`live-${how}`] });
      await again.reader.waitFor((f) => f.json?.ids?.[0] === `live-${how}`);
      await again.reader.cancel();
    }
  });

  it('sends resync when the gap is older than the buffer, or the id is unknown', async () => {
    publishEvent(a.tenantId, { type: 'sync', ids: ['before-prune'] });
    await flushEvents();
    await settleEvents();
    const s = await open(a.users.VIEWER.token);
    const ready = await s.reader.waitFor(ofType('ready'));
    await s.reader.cancel();
    publishEvent(a.tenantId, { type: 'sync', ids: ['pruned'] });
    await flushEvents();
    await settleEvents();
    // Everything published so far leaves the window.
    await getRuntime()!.relay.prune(0);

    const stale = await open(a.users.VIEWER.token, { lastEventId: ready.id });
    const first = await stale.reader.waitFor((f) => f.data !== undefined);
    expect(first.json!.type).toBe('resync');
    expect(JSON.stringify(stale.reader.frames)).not.toContain('pruned');
    await stale.reader.cancel();

    const future = await open(a.users.VIEWER.token, { lastEventId: String(Number(ready.id) + 1_000_000) });
    expect((await future.reader.waitFor((f) => f.data !== undefined)).json!.type).toBe('resync');
    await future.reader.cancel();

    // Up to date: nothing to replay, no resync.
    const current = await open(a.users.VIEWER.token);
    const now = await current.reader.waitFor(ofType('ready'));
    await current.reader.cancel();
    const fresh = await open(a.users.VIEWER.token, { lastEventId: now.id });
    publishEvent(a.tenantId, { type: 'sync', ids: ['after'] });
    await fresh.reader.waitFor((f) => f.json?.ids?.[0] === 'after');
    expect(fresh.reader.events.map((f) => f.json!.type)).toEqual(['sync']);
    await fresh.reader.cancel();
  });

  it('sends a heartbeat comment on the configured interval', async () => {
    await waitForZero();
    await withEnv({ SSE_HEARTBEAT_MS: '40' }, async () => {
      const s = await open(a.users.VIEWER.token);
      const t0 = Date.now();
      await s.reader.waitFor((f) => f.comment === 'hb', 1000);
      expect(Date.now() - t0).toBeLessThan(1000);
      await s.reader.cancel();
    });
  });

  it('a closed stream leaves no subscriber, timer or listener behind (cancel and abort)', async () => {
    await waitForZero();
    const base = sseStats();
    expect(base).toMatchObject({ streams: 0, subscribers: 0, heartbeatTimers: 0, heartbeatWriters: 0 });
    const streams = await Promise.all([open(a.users.VIEWER.token), open(a.users.MEMBER.token), open(b.users.OWNER.token)]);
    await Promise.all(streams.map((s) => s.reader.waitFor(ofType('ready'))));
    expect(sseStats()).toMatchObject({ streams: 3, subscribers: 3, tenants: 2, heartbeatTimers: 1, heartbeatWriters: 3 });

    await streams[0]!.reader.cancel();
    expect(sseStats()).toMatchObject({ streams: 2, subscribers: 2, heartbeatWriters: 2 });
    streams[1]!.abort();
    streams[2]!.abort();
    await Promise.all([streams[1]!.reader.done, streams[2]!.reader.done]);
    expect(sseStats()).toMatchObject({ streams: 0, subscribers: 0, tenants: 0, heartbeatTimers: 0, heartbeatWriters: 0 });
    // Still one transport subscription for the instance, whatever came and went.
    expect(sseStats().transportConnected).toBe(true);
  });

  it('closes a user\'s streams when their access changes (membership removed, session revoked)', async () => {
    const firm = await createFirm(db, 'Firma Acesso');
    const viewer = await open(firm.users.VIEWER.token);
    const member = await open(firm.users.MEMBER.token);
    const owner = await open(firm.users.OWNER.token);
    await Promise.all([viewer, member, owner].map((s) => s.reader.waitFor(ofType('ready'))));
    await db.tenantUser.delete({ where: { id: firm.users.VIEWER.tenantUserId } });
    await db.session.updateMany({ where: { userId: firm.users.MEMBER.userId }, data: { revokedAt: new Date() } });
    await Promise.race([Promise.all([viewer.reader.done, member.reader.done]), new Promise((r) => setTimeout(r, 3000))]);
    expect([viewer.reader.closed, member.reader.closed, owner.reader.closed]).toEqual([true, true, false]);
    // Reconnecting is authorised afresh: no membership, no stream.
    const again = await open(firm.users.VIEWER.token);
    expect(again.status).toBe(403);
    publishEvent(firm.tenantId, { type: 'settings', ids: ['still-member'] });
    await owner.reader.waitFor((f) => f.json?.ids?.[0] === 'still-member');
  });

  it('catches up from the table when the subscription missed messages', async () => {
    const got: string[] = [];
    const off = subscribe({ tenantId: a.tenantId }, (e) => got.push(e.ids?.[0] ?? ''));
    const listener = getListener()!;
    await listener.stop();
    try {
      publishEvent(a.tenantId, { type: 'sync', ids: ['while-down'] });
      await flushEvents();
      // Polled every second while the subscription is down.
      for (let i = 0; i < 300 && !got.includes('while-down'); i++) await new Promise((r) => setTimeout(r, 10));
      expect(got).toContain('while-down');
    } finally {
      await listener.start();
      off();
    }
    publishEvent(a.tenantId, { type: 'sync', ids: ['after-reconnect'] });
    const off2 = subscribe({ tenantId: a.tenantId }, (e) => got.push(e.ids?.[0] ?? ''));
    await flushEvents();
    await settleEvents();
    off2();
    expect(got.filter((x) => x === 'after-reconnect')).toHaveLength(1);
    expect(got.filter((x) => x === 'while-down')).toHaveLength(1);
  });
});
