// cached() and the generation invalidation against the real Redis through
// the Upstash REST bridge; then with no Redis, and with Redis hanging or gone.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodeEntry,
  encodeEntry,
  etagOf,
  cached,
  cacheStoresSettled,
  cacheControlHeader,
  entryDiscriminator,
  invalidateTenant,
  invalidateTenantRecon,
  invalidateTenantResource,
  GENERATION_TTL_SECONDS,
  type CacheResource,
} from '@/lib/cache';
import { pendingInvalidationCount, retryPendingInvalidations } from '@/lib/cache/pending-invalidations';
import { logicalKey } from '@/lib/cache/keys';
import { resetEnvCache } from '@/lib/env';
import { redisHealth, redisLogger, resetRedisForTests } from '@/lib/redis';
import { noRedis, startTestRedis, useNoRedis, type TestRedis } from '@/test/redis';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await redis.stop();
});

afterEach(() => {
  redis.heal();
  vi.restoreAllMocks();
});

const newTenant = () => randomUUID();

function counter<T>(make: (n: number) => T, delayMs = 0) {
  let calls = 0;
  const compute = async () => {
    calls += 1;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return make(calls);
  };
  return { compute, calls: () => calls };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.skipIf(noRedis)('with Redis', () => {
  it('MISS computes and stores; the next call is a HIT with the same data', async () => {
    const tenantId = newTenant();
    const c = counter((n) => ({ companyName: `Escritório ${n}`, weights: { amount: 0.5 } }));
    const first = await cached({ tenantId, resource: 'settings', compute: c.compute });
    const second = await cached({ tenantId, resource: 'settings', compute: c.compute });
    expect(first).toEqual({ data: { companyName: 'Escritório 1', weights: { amount: 0.5 } }, status: 'MISS', ttl: 300 });
    expect(second).toEqual({ ...first, status: 'HIT' });
    expect(c.calls()).toBe(1);
  });

  it('stores each resource with its TTL', async () => {
    const tenantId = newTenant();
    const cases: [CacheResource, Record<string, unknown> | undefined, number][] = [
      ['settings', undefined, 300],
      ['accounts', undefined, 120],
      ['txns', { from: '2026-01-01' }, 60],
      ['customers', undefined, 600],
      ['recon', { status: 'pending' }, 30],
      ['kpis', { month: '2026-01' }, 120],
    ];
    for (const [resource, params, ttl] of cases) {
      await cached({ tenantId, resource, params, compute: async () => [resource] });
      await cacheStoresSettled();
      const key = logicalKey(tenantId, resource, entryDiscriminator(resource, params));
      const pttl = await redis.raw.pttl(key);
      expect(pttl, resource).toBeGreaterThan(ttl * 1000 - 5000);
      expect(pttl, resource).toBeLessThanOrEqual(ttl * 1000);
    }
    await cached({ tenantId, resource: 'txns', params: { x: 1 }, ttl: 7, compute: async () => 1 });
    await cacheStoresSettled();
    expect(await redis.raw.pttl(logicalKey(tenantId, 'txns', entryDiscriminator('txns', { x: 1 })))).toBeLessThanOrEqual(7000);
  });

  it('keys queries by their params, whatever their order or empty values', async () => {
    const tenantId = newTenant();
    const c = counter((n) => n);
    const a = await cached({ tenantId, resource: 'txns', params: { from: '2026-01-01', to: '2026-01-31' }, compute: c.compute });
    const b = await cached({ tenantId, resource: 'txns', params: { to: '2026-01-31', q: '', from: '2026-01-01' }, compute: c.compute });
    const other = await cached({ tenantId, resource: 'txns', params: { from: '2026-02-01', to: '2026-02-28' }, compute: c.compute });
    expect([a.status, b.status, other.status]).toEqual(['MISS', 'HIT', 'MISS']);
    expect([a.data, b.data, other.data]).toEqual([1, 1, 2]);
  });

  it('keeps tenants apart', async () => {
    const [t1, t2] = [newTenant(), newTenant()];
    await cached({ tenantId: t1, resource: 'accounts', compute: async () => 'one' });
    expect(await cached({ tenantId: t2, resource: 'accounts', compute: async () => 'two' })).toMatchObject({ data: 'two', status: 'MISS' });
    await invalidateTenant(t2);
    expect(await cached({ tenantId: t1, resource: 'accounts', compute: async () => 'x' })).toMatchObject({ data: 'one', status: 'HIT' });
  });

  it('invalidates a whole tenant with one INCR (+ its EXPIRE), however many entries it has', async () => {
    const commandsToInvalidate = async (entries: number) => {
      const tenantId = newTenant();
      for (let i = 0; i < entries; i++) {
        await cached({ tenantId, resource: 'txns', params: { page: i }, compute: async () => ({ page: i }) });
      }
      await cacheStoresSettled();
      redis.bridge.resetStats();
      await invalidateTenant(tenantId);
      const stats = redis.bridge.stats();
      // The entries are still stored, just outdated; they expire by TTL or are overwritten.
      const stored = await redis.raw.keys(`tenant:${tenantId}:txns:*`);
      expect(stored).toHaveLength(entries);
      for (const page of [0, entries - 1]) {
        const again = await cached({ tenantId, resource: 'txns', params: { page }, compute: async () => 'fresh' });
        expect(again).toMatchObject({ status: 'MISS', data: 'fresh' });
      }
      return stats;
    };
    const few = await commandsToInvalidate(3);
    const many = await commandsToInvalidate(200);
    expect(few).toEqual({ total: 2, byCommand: { INCR: 1, EXPIRE: 1 } });
    expect(many).toEqual(few);
  });

  it('invalidates reconciliation without touching settings, and settings without touching reconciliation', async () => {
    const tenantId = newTenant();
    const read = (resource: 'settings' | 'recon', value: string) =>
      cached({ tenantId, resource, params: resource === 'recon' ? { page: 1 } : undefined, compute: async () => value });
    await read('settings', 's1');
    await read('recon', 'r1');

    await cacheStoresSettled();
    redis.bridge.resetStats();
    await invalidateTenantRecon(tenantId);
    expect(redis.bridge.stats()).toEqual({ total: 2, byCommand: { INCR: 1, EXPIRE: 1 } });
    expect(await redis.raw.ttl(`tenant:${tenantId}:gen:recon`)).toBeGreaterThan(GENERATION_TTL_SECONDS - 60);
    expect(await read('settings', 's2')).toMatchObject({ data: 's1', status: 'HIT' });
    expect(await read('recon', 'r2')).toMatchObject({ data: 'r2', status: 'MISS' });

    await invalidateTenantResource(tenantId, 'settings');
    expect(await read('settings', 's3')).toMatchObject({ data: 's3', status: 'MISS' });
    expect(await read('recon', 'r3')).toMatchObject({ data: 'r2', status: 'HIT' });

    await invalidateTenant(tenantId);
    expect(await read('settings', 's4')).toMatchObject({ data: 's4', status: 'MISS' });
    expect(await read('recon', 'r4')).toMatchObject({ data: 'r4', status: 'MISS' });
  });

  it('runs compute once for concurrent misses of the same entry', async () => {
    const tenantId = newTenant();
    const c = counter((n) => ({ n }), 100);
    const results = await Promise.all(
      Array.from({ length: 25 }, () => cached({ tenantId, resource: 'customers', compute: c.compute })),
    );
    expect(c.calls()).toBe(1);
    expect(results.every((r) => r.status === 'MISS' && r.data.n === 1)).toBe(true);
    expect(await cached({ tenantId, resource: 'customers', compute: c.compute })).toMatchObject({ status: 'HIT', data: { n: 1 } });
  });

  it('propagates a failing compute to every waiting caller and stores nothing', async () => {
    const tenantId = newTenant();
    let calls = 0;
    const failing = async (): Promise<string> => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('database down');
    };
    const results = await Promise.allSettled([1, 2, 3].map(() => cached({ tenantId, resource: 'accounts', compute: failing })));
    expect(calls).toBe(1);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'database down')).toBe(true);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => 'ok' })).toMatchObject({ data: 'ok', status: 'MISS' });
  });

  it('never serves a computation that started before an invalidation', async () => {
    const tenantId = newTenant();
    const started = deferred<void>();
    const release = deferred<void>();
    const slow = cached({
      tenantId,
      resource: 'settings',
      compute: async () => {
        started.resolve();
        await release.promise;
        return 'before update';
      },
    });
    await started.promise;
    await invalidateTenantResource(tenantId, 'settings');
    // Arrives after the invalidation while the old computation is still running: must not join it.
    const during = cached({ tenantId, resource: 'settings', compute: async () => 'after update' });
    release.resolve();
    expect(await slow).toMatchObject({ data: 'before update', status: 'MISS' });
    expect(await during).toMatchObject({ data: 'after update', status: 'MISS' });
    // Whichever write landed last, the old result is never served again: it
    // carries the generations from before the invalidation.
    const later = await cached({ tenantId, resource: 'settings', compute: async () => 'later' });
    expect(later.data).not.toBe('before update');
    await cacheStoresSettled();
    const stored = decodeEntry((await redis.raw.get(logicalKey(tenantId, 'settings', '')))!)!;
    if (stored.body === '"before update"') expect(stored.gens).toEqual([0, 0]);
    expect(await cached({ tenantId, resource: 'settings', compute: async () => 'again' })).toMatchObject({ status: 'HIT' });
  });

  it('recomputes an unreadable entry', async () => {
    vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    const tenantId = newTenant();
    await redis.raw.set(logicalKey(tenantId, 'accounts', ''), '{not json', 'EX', 60);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => [1] })).toMatchObject({ data: [1], status: 'MISS' });
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => [2] })).toMatchObject({ data: [1], status: 'HIT' });
  });

  it('serves a body it holds while Redis says the entry is current, and fetches a new one when it is not', async () => {
    const tenantId = newTenant();
    const key = logicalKey(tenantId, 'accounts', '');
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['original'] })).toMatchObject({ status: 'MISS' });
    await cacheStoresSettled();
    const stored = decodeEntry((await redis.raw.get(key))!)!;
    // Same header, other bytes: only an instance that did not fetch the body again would still answer 'original'.
    await redis.raw.set(key, encodeEntry({ ...stored, body: '["refetched"]' }), 'EX', 60);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['recomputed'] })).toMatchObject({ data: ['original'], status: 'HIT' });
    // Another instance stored a different body under the same generations: it is fetched.
    const other = '["from another instance"]';
    await redis.raw.set(key, encodeEntry({ gens: stored.gens, etag: etagOf(other), body: other }), 'EX', 60);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['recomputed'] })).toMatchObject({
      data: ['from another instance'],
      status: 'HIT',
    });
  });

  it('reads an entry another instance stored whole, then holds its body', async () => {
    const tenantId = newTenant();
    const key = logicalKey(tenantId, 'accounts', '');
    const body = '["stored elsewhere"]';
    await redis.raw.set(key, encodeEntry({ gens: [0, 0], etag: etagOf(body), body }), 'EX', 60);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['recomputed'] })).toMatchObject({
      data: ['stored elsewhere'],
      status: 'HIT',
    });
    await redis.raw.set(key, encodeEntry({ gens: [0, 0], etag: etagOf(body), body: '["refetched"]' }), 'EX', 60);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['recomputed'] })).toMatchObject({
      data: ['stored elsewhere'],
      status: 'HIT',
    });
  });

  it('never serves a held body after an invalidation', async () => {
    const tenantId = newTenant();
    await cached({ tenantId, resource: 'accounts', compute: async () => ['before'] });
    await cacheStoresSettled();
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['unused'] })).toMatchObject({ data: ['before'], status: 'HIT' });
    await invalidateTenant(tenantId);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['after'] })).toMatchObject({ data: ['after'], status: 'MISS' });
  });

  it('with CACHE_LOCAL_MAX_MB=0 reads the whole entry from Redis every time', async () => {
    process.env.CACHE_LOCAL_MAX_MB = '0';
    resetEnvCache();
    try {
      const tenantId = newTenant();
      const key = logicalKey(tenantId, 'accounts', '');
      await cached({ tenantId, resource: 'accounts', compute: async () => ['original'] });
      await cacheStoresSettled();
      const stored = decodeEntry((await redis.raw.get(key))!)!;
      await redis.raw.set(key, encodeEntry({ ...stored, body: '["read again"]' }), 'EX', 60);
      expect(await cached({ tenantId, resource: 'accounts', compute: async () => ['recomputed'] })).toMatchObject({ data: ['read again'], status: 'HIT' });
    } finally {
      delete process.env.CACHE_LOCAL_MAX_MB;
      resetEnvCache();
    }
  });

  it('logs slow calls with the tenant id', async () => {
    process.env.REDIS_SLOW_MS = '1';
    resetEnvCache();
    const spy = vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    try {
      const tenantId = newTenant();
      // Keep Redis busy for 20 ms so the call queued behind the script is genuinely slow.
      const busy = redis.raw.eval(
        'local t = redis.call("TIME") local s = t[1] * 1000000 + t[2] repeat t = redis.call("TIME") until (t[1] * 1000000 + t[2]) - s > 20000 return 1',
        0,
      );
      await cached({ tenantId, resource: 'settings', compute: async () => 1 });
      await busy;
      expect(spy.mock.calls.some(([level, msg, fields]) => level === 'warn' && msg === 'slow call' && fields?.tenantId === tenantId)).toBe(true);
    } finally {
      delete process.env.REDIS_SLOW_MS;
      resetEnvCache();
    }
  });

  it('deferStore: the MISS answers with the computed data, the entry lands just after; an invalidation meanwhile still wins', async () => {
    const tenantId = newTenant();
    const c = counter((n) => ({ rows: [`linha ${n}`] }));
    const key = logicalKey(tenantId, 'recon', entryDiscriminator('recon', { scope: 'full' }));
    const first = await cached({ tenantId, resource: 'recon', params: { scope: 'full' }, deferStore: true, compute: c.compute });
    expect(first).toMatchObject({ data: { rows: ['linha 1'] }, status: 'MISS' });
    // Not stored yet when the caller has its answer: serialising waits for the next macrotask.
    expect(await redis.raw.get(key)).toBeNull();
    // A read in this process waits for the store and HITs.
    expect(await cached({ tenantId, resource: 'recon', params: { scope: 'full' }, deferStore: true, compute: c.compute })).toMatchObject({ data: { rows: ['linha 1'] }, status: 'HIT' });
    expect(c.calls()).toBe(1);
    // Computed, then invalidated before its store ran: stored under the old generations, never served.
    await invalidateTenantRecon(tenantId);
    const second = cached({ tenantId, resource: 'recon', params: { scope: 'full' }, deferStore: true, compute: c.compute });
    const raced = await second;
    await invalidateTenantRecon(tenantId);
    expect(raced).toMatchObject({ data: { rows: ['linha 2'] }, status: 'MISS' });
    expect(await cached({ tenantId, resource: 'recon', params: { scope: 'full' }, deferStore: true, compute: c.compute })).toMatchObject({ data: { rows: ['linha 3'] }, status: 'MISS' });
    // Data that would not survive JSON is not stored (and logged), not thrown at the caller after the fact.
    const bad = await cached({ tenantId: newTenant(), resource: 'recon', params: { scope: 'full' }, deferStore: true, compute: async () => ({ at: new Date() }) });
    expect(bad.status).toBe('MISS');
    await cacheStoresSettled();
  });

  it('rejects data that would not survive JSON', async () => {
    await expect(cached({ tenantId: newTenant(), resource: 'accounts', compute: async () => ({ at: new Date() }) })).rejects.toThrow(
      /data\.at is a Date/,
    );
  });

  it('reports Redis as reachable', async () => {
    expect(await redisHealth()).toMatchObject({ state: 'reachable', backend: 'upstash', latencyMs: expect.any(Number) });
  });
});

describe.skipIf(noRedis)('Cache-Control', () => {
  it('is private with the TTL and half of it to revalidate', () => {
    expect(cacheControlHeader(60)).toBe('private, max-age=60, stale-while-revalidate=30');
    expect(cacheControlHeader(25)).toBe('private, max-age=25, stale-while-revalidate=12');
  });
});

describe.skipIf(noRedis)('without Redis', () => {
  it('bypasses the cache and never throws', async () => {
    useNoRedis();
    const tenantId = newTenant();
    const c = counter((n) => n);
    expect(await cached({ tenantId, resource: 'settings', compute: c.compute })).toEqual({ data: 1, status: 'BYPASS', ttl: 300 });
    expect(await cached({ tenantId, resource: 'settings', compute: c.compute })).toEqual({ data: 2, status: 'BYPASS', ttl: 300 });
    await expect(invalidateTenant(tenantId)).resolves.toBeUndefined();
    await expect(invalidateTenantRecon(tenantId)).resolves.toBeUndefined();
    await expect(invalidateTenantResource(tenantId, 'accounts')).resolves.toBeUndefined();
    expect(await redisHealth()).toEqual({ state: 'absent' });
  });
});

describe.skipIf(noRedis)('with Redis failing', () => {
  // Margin below one extra timeout: a second sequential timeout would fail the bound.
  const TIMEOUT_MS = 200;
  const MARGIN_MS = 150;

  beforeAll(() => {
    process.env.REDIS_TIMEOUT_MS = String(TIMEOUT_MS);
    resetEnvCache();
    resetRedisForTests();
  });
  // The failures are the point here; keep them out of the test output.
  beforeEach(() => {
    vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
  });
  afterAll(() => {
    delete process.env.REDIS_TIMEOUT_MS;
    resetEnvCache();
    resetRedisForTests();
  });

  it('answers within the timeout when Redis hangs: computed data, MISS, no exception', async () => {
    const tenantId = newTenant();
    await cached({ tenantId, resource: 'settings', compute: async () => 'cached' });
    await redis.hang();
    const COMPUTE_MS = 30;
    const t0 = performance.now();
    const r = await cached({ tenantId, resource: 'settings', compute: counter(() => 'computed', COMPUTE_MS).compute });
    const elapsed = performance.now() - t0;
    expect(r).toEqual({ data: 'computed', status: 'MISS', ttl: 300 });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + COMPUTE_MS + MARGIN_MS);

    const t1 = performance.now();
    await expect(invalidateTenant(tenantId)).resolves.toBeUndefined();
    expect(performance.now() - t1).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(await redisHealth()).toEqual({ state: 'unreachable', backend: 'upstash' });

    // Back up. The invalidation above failed, so the entry stored before the
    // outage must not be served: reads compute until the retried INCR lands.
    redis.heal();
    expect(pendingInvalidationCount()).toBe(1);
    expect(await cached({ tenantId, resource: 'settings', compute: async () => 'after' })).toEqual({ data: 'after', status: 'MISS', ttl: 300 });
    await retryPendingInvalidations();
    expect(pendingInvalidationCount()).toBe(0);
    expect(await cached({ tenantId, resource: 'settings', compute: async () => 'fresh' })).toMatchObject({ data: 'fresh', status: 'MISS' });
    expect(await cached({ tenantId, resource: 'settings', compute: async () => 'x' })).toMatchObject({ data: 'fresh', status: 'HIT' });
  });

  it('retries a failed invalidation in the background until it lands', async () => {
    const tenantId = newTenant();
    await cached({ tenantId, resource: 'accounts', compute: async () => 'before' });
    await redis.hang();
    await invalidateTenantResource(tenantId, 'accounts');
    expect(pendingInvalidationCount()).toBe(1);
    redis.heal();
    for (let i = 0; i < 100 && pendingInvalidationCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(pendingInvalidationCount()).toBe(0);
    expect(await cached({ tenantId, resource: 'accounts', compute: async () => 'after' })).toMatchObject({ data: 'after', status: 'MISS' });
  });

  it('answers at once when Redis refuses connections', async () => {
    await redis.refuse();
    const t0 = performance.now();
    const r = await cached({ tenantId: newTenant(), resource: 'accounts', compute: async () => [] });
    expect(r.status).toBe('MISS');
    expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('logs the failure, throttled', async () => {
    const spy = vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    await redis.hang();
    const tenantId = newTenant();
    await Promise.all([1, 2, 3].map(() => cached({ tenantId, resource: 'kpis', params: { month: '2026-03' }, compute: async () => 0 })));
    const failures = spy.mock.calls.filter(([, msg]) => msg === 'call timed out');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.[2]).toMatchObject({ op: 'MGET', tenantId, backend: 'upstash' });
  });
});
