// The browser side of real time, on fakes of EventSource, BroadcastChannel
// and Web Locks under fake timers: the event → query table and its
// debounce, reconnection with backoff and Last-Event-ID, and the election
// of the one tab that holds the stream.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESOURCES, type Resource } from '@/lib/hooks/query-keys';
import { backoffDelay } from '@/lib/hooks/realtime/backoff';
import { connectEventStream } from '@/lib/hooks/realtime/connection';
import { createInvalidator, EVENT_QUERIES, MIN_INTERVAL_MS } from '@/lib/hooks/realtime/invalidation';
import { HELLO_RETRY_MS, LEADER_TIMEOUT_MS, startRealtime, type Realtime } from '@/lib/hooks/realtime/tabs';
import { FakeChannelBus, FakeEventSource, FakeLocks, realTimers } from '@/test/realtime-fakes';

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

const open = (url: string) => new FakeEventSource(url);

describe('event → query table', () => {
  it('is the seed table plus kpis, settings and item status', () => {
    expect(EVENT_QUERIES.sync_complete).toEqual(expect.arrayContaining(['accounts', 'transactions', 'reconciliation']));
    expect(EVENT_QUERIES.reconciliation_ready).toEqual(['reconciliation']);
    expect(EVENT_QUERIES.sync).toEqual(['accounts', 'transactions']);
    expect(EVENT_QUERIES.notification).toEqual(['notifications']);
    expect(EVENT_QUERIES.kpis_updated).toEqual(['kpis']);
    expect(EVENT_QUERIES.settings).toEqual(['settings']);
    expect(EVENT_QUERIES.item_status).toContain('accounts');
    expect([...EVENT_QUERIES.resync!].sort()).toEqual([...RESOURCES].sort());
  });

  it('a burst of events causes one invalidation per query', () => {
    const calls: Resource[] = [];
    const inv = createInvalidator((r) => calls.push(r), realTimers());
    for (let i = 0; i < 50; i++) inv.onEvent(i % 2 ? 'sync' : 'sync_complete');
    inv.onEvent('unknown_type');
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(calls.sort()).toEqual(['accounts', 'reconciliation', 'sync-status', 'transactions']);
  });

  it('sustained progress refetches a query at most once per interval (the request budget holds)', () => {
    const calls: Resource[] = [];
    const inv = createInvalidator((r) => calls.push(r), realTimers());
    // A one-minute sync reporting progress five times a second.
    for (let t = 0; t < 60_000; t += 200) {
      inv.onEvent('sync');
      vi.advanceTimersByTime(200);
    }
    vi.advanceTimersByTime(MIN_INTERVAL_MS);
    const perQuery = calls.filter((r) => r === 'transactions').length;
    expect(perQuery).toBeGreaterThanOrEqual(10);
    expect(perQuery).toBeLessThanOrEqual(60_000 / MIN_INTERVAL_MS + 1);
    expect(calls.filter((r) => r === 'accounts').length).toBe(perQuery);
  });

  it('stop() cancels what is scheduled', () => {
    const calls: Resource[] = [];
    const inv = createInvalidator((r) => calls.push(r), realTimers());
    inv.onEvent('notification');
    expect(inv.pending()).toEqual(['notifications']);
    inv.stop();
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual([]);
  });
});

describe('reconnection', () => {
  it('backs off 1 s → 30 s with jitter in [half, full]', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(50, () => 0)).toBe(15_000);
  });

  it('reopens after an error with the last id in the URL, backing off until a frame arrives', () => {
    const got: string[] = [];
    const conn = connectEventStream({ url: '/api/events', open, timers: realTimers(), random: () => 1, onEvent: (e) => got.push(e.type) });
    const first = FakeEventSource.all[0]!;
    expect(first.url).toBe('/api/events');
    first.accept();
    first.message({ type: 'ready' }, '41');
    first.message({ type: 'sync' }, '42');
    first.message('not json', '43');
    expect(got).toEqual(['ready', 'sync']);
    first.fail();
    expect(first.readyState).toBe(2);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeEventSource.all[1]!;
    expect(second.url).toBe('/api/events?lastEventId=43');
    // Failing again without a frame: 2 s, then 4 s.
    second.fail();
    vi.advanceTimersByTime(1999);
    expect(FakeEventSource.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    FakeEventSource.all[2]!.fail();
    vi.advanceTimersByTime(4000);
    const fourth = FakeEventSource.all[3]!;
    fourth.message({ type: 'ready' }, '50');
    fourth.fail();
    vi.advanceTimersByTime(1000);
    expect(FakeEventSource.all).toHaveLength(5);
    conn.close();
    expect(FakeEventSource.open()).toHaveLength(0);
  });
});

describe('one stream per browser', () => {
  function tabs(n: number, env: { locks?: FakeLocks; bus?: FakeChannelBus }) {
    const received = Array.from({ length: n }, () => [] as string[]);
    const made: Realtime[] = [];
    for (let i = 0; i < n; i++) {
      made.push(
        startRealtime(
          { open, timers: realTimers(), locks: env.locks, channel: env.bus?.make, random: () => (i + 1) / (n + 1) },
          { url: '/api/events', onEvent: (e) => received[i]!.push(e.ids?.[0] ?? e.type) },
        ),
      );
    }
    return { received, made };
  }

  for (const mode of ['web locks', 'broadcast channel only'] as const) {
    it(`${mode}: seven tabs hold one EventSource, all get every event, and another tab takes over when the leader closes`, async () => {
      const env = mode === 'web locks' ? { locks: new FakeLocks(), bus: new FakeChannelBus() } : { bus: new FakeChannelBus() };
      const { received, made } = tabs(7, env);
      // With Web Locks the first tab leads at once; an election takes its claim time.
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeEventSource.open()).toHaveLength(mode === 'web locks' ? 1 : 0);
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS);
      expect(FakeEventSource.open()).toHaveLength(1);
      const leaders = made.filter((t) => t.role() === 'leader');
      expect(leaders).toHaveLength(1);

      FakeEventSource.open()[0]!.message({ type: 'sync', ids: ['e1'] }, '1');
      await vi.advanceTimersByTimeAsync(10);
      expect(received.map((r) => r.filter((x) => x === 'e1').length)).toEqual([1, 1, 1, 1, 1, 1, 1]);

      // The leader's tab closes.
      const leaderIndex = made.indexOf(leaders[0]!);
      leaders[0]!.stop();
      expect(FakeEventSource.open()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS * 2);
      expect(FakeEventSource.open()).toHaveLength(1);
      const next = made.filter((t, i) => i !== leaderIndex && t.role() === 'leader');
      expect(next).toHaveLength(1);
      FakeEventSource.open()[0]!.message({ type: 'sync', ids: ['e2'] }, '2');
      await vi.advanceTimersByTimeAsync(10);
      expect(received.filter((_, i) => i !== leaderIndex).map((r) => r.filter((x) => x === 'e2').length)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(received[leaderIndex]).not.toContain('e2');

      for (const t of made) t.stop();
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS * 2);
      expect(FakeEventSource.open()).toHaveLength(0);
    });
  }

  for (const mode of ['web locks', 'broadcast channel only'] as const) {
    it(`${mode}: the tab taking the stream over resumes after the last event the tabs got (nothing sent in between is lost)`, async () => {
      const env = mode === 'web locks' ? { locks: new FakeLocks(), bus: new FakeChannelBus() } : { bus: new FakeChannelBus() };
      const { made } = tabs(3, env);
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS);
      const [first] = FakeEventSource.open();
      expect(first!.url).toBe('/api/events'); // nothing seen yet: a fresh stream
      first!.message({ type: 'ready' }, '40');
      first!.message({ type: 'notification', ids: ['n1'] }, '41');
      await vi.advanceTimersByTimeAsync(10);
      made.find((t) => t.role() === 'leader')!.stop();
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS * 2);
      const open = FakeEventSource.open();
      expect(open).toHaveLength(1);
      expect(open[0]!.url).toBe('/api/events?lastEventId=41');
      for (const t of made) t.stop();
    });
  }

  for (const mode of ['web locks', 'broadcast channel only'] as const) {
    it(`${mode}: a tab rendered before an event but listening only after it still gets it, once, from the leader`, async () => {
      const bus = new FakeChannelBus();
      const locks = mode === 'web locks' ? new FakeLocks() : undefined;
      const got: string[][] = [];
      const start = (since: string | null) => {
        const mine: string[] = [];
        got.push(mine);
        return startRealtime(
          { open, timers: realTimers(), locks, channel: bus.make, random: () => got.length / 10 },
          { url: '/api/events', since, onEvent: (e) => mine.push(e.ids?.[0] ?? e.type) },
        );
      };
      const first = start('40');
      await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS);
      expect(first.role()).toBe('leader');
      // The leader's page was rendered at event 40: the server replays what came after it.
      const [source] = FakeEventSource.open();
      expect(source!.url).toBe('/api/events?lastEventId=40');
      source!.message({ type: 'notification', ids: ['n41'] }, '41');
      await vi.advanceTimersByTimeAsync(10);
      expect(got[0]).toEqual(['n41']);

      // Rendered at 40 (before n41), listening only now: the relay of n41 went by without it.
      const late = start('40');
      // Rendered at 41: it already shows n41.
      const current = start('41');
      await vi.advanceTimersByTimeAsync(10);
      expect(got[1]).toEqual(['n41']);
      expect(got[2]).toEqual([]);
      // And live events reach them as before, once each.
      source!.message({ type: 'notification', ids: ['n42'] }, '42');
      await vi.advanceTimersByTimeAsync(HELLO_RETRY_MS * 6);
      expect(got).toEqual([['n41', 'n42'], ['n41', 'n42'], ['n42']]);
      expect(FakeEventSource.open()).toHaveLength(1);

      // Rendered before the leader's stream began (39 < 40): the leader cannot vouch for the gap, so a resync.
      start('39');
      await vi.advanceTimersByTimeAsync(10);
      expect(got[3]).toEqual(['n41', 'n42', 'resync']);
      for (const t of [first, late, current]) t.stop();
    });
  }

  it('web locks: a tab joining while the leader is still connecting gets its answer once the stream is ready', async () => {
    const bus = new FakeChannelBus();
    const locks = new FakeLocks();
    const got: string[][] = [[], []];
    const a = startRealtime({ open, timers: realTimers(), locks, channel: bus.make }, { url: '/api/events', onEvent: (e) => got[0]!.push(e.ids?.[0] ?? e.type) });
    const b = startRealtime({ open, timers: realTimers(), locks, channel: bus.make }, { url: '/api/events', since: '7', onEvent: (e) => got[1]!.push(e.ids?.[0] ?? e.type) });
    await vi.advanceTimersByTimeAsync(10);
    expect(a.role()).toBe('leader');
    expect(got[1]).toEqual([]); // no answer yet: the leader does not know where its stream begins
    FakeEventSource.open()[0]!.message({ type: 'ready' }, '7');
    await vi.advanceTimersByTimeAsync(10);
    expect(got[1]).toEqual(['ready']); // relayed; and the answer (nothing after 7) asks for no resync
    await vi.advanceTimersByTimeAsync(HELLO_RETRY_MS * 6);
    expect(got[1]).toEqual(['ready']);
    a.stop();
    b.stop();
  });

  it('broadcast channel only: a leader that dies without resigning is replaced after the timeout', async () => {
    const bus = new FakeChannelBus();
    const { made } = tabs(3, { bus });
    await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS);
    const leader = made.find((t) => t.role() === 'leader')!;
    // A crash: its stream and channel vanish, nothing is said.
    const [source] = FakeEventSource.open();
    source!.close();
    bus.channels[made.indexOf(leader)]!.muted = true;
    await vi.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS + 2000);
    const others = made.filter((t) => t !== leader && t.role() === 'leader');
    expect(others).toHaveLength(1);
    expect(FakeEventSource.open()).toHaveLength(1);
    for (const t of made) t.stop();
  });

  it('without BroadcastChannel each tab keeps its own stream', () => {
    const { made } = tabs(2, {});
    expect(FakeEventSource.open()).toHaveLength(2);
    expect(made.every((t) => t.role() === 'leader')).toBe(true);
    for (const t of made) t.stop();
    expect(FakeEventSource.open()).toHaveLength(0);
  });
});
