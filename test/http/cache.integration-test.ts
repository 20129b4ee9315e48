// The cached GET routes end to end: the real route handlers, the real
// Postgres of the run and the real Redis through the Upstash REST bridge.
// What the seed asks of the cache, seen from HTTP: X-Cache BYPASS/MISS/HIT,
// Cache-Control with each resource's TTL, ETag + If-None-Match → 304,
// invalidation by the real mutation routes, tenant isolation, and Redis
// dying mid-run (hang, refuse, heal) without a single 5xx.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as getKpis } from '@/app/api/kpis/route';
import { PATCH as patchAccount } from '@/app/api/pluggy/accounts/[id]/route';
import { GET as getAccounts } from '@/app/api/pluggy/accounts/route';
import { PATCH as patchTransaction } from '@/app/api/pluggy/transactions/[id]/route';
import { GET as getTransactions } from '@/app/api/pluggy/transactions/route';
import { POST as undoReconciliation } from '@/app/api/reconciliation/[id]/undo/route';
import { GET as getReconciliation } from '@/app/api/reconciliation/history/route';
import { GET as getSettings, POST as postSettings } from '@/app/api/settings/route';
import { cacheStoresSettled } from '@/lib/cache';
import { API_FETCH_INIT } from '@/lib/api-client';
import { getKpisForTenant, refreshKpiView } from '@/lib/kpi-view';
import { redisLogger, resetRedisForTests } from '@/lib/redis';
import { call, withEnv, type CallResult } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { noRedis, startTestRedis, useNoRedis, type TestRedis } from '@/test/redis';
import type { RouteHandler } from '@/test/routes';

const { db, pool } = testDb();
let redis: TestRedis;

// The fixture's transactions are booked in October 2026.
const KPI_MONTH = '2026-10';

type Json = Record<string, unknown>;
type CacheResourceName = 'accounts' | 'settings' | 'txns' | 'recon' | 'kpis';

interface CachedRoute {
  name: string;
  resource: CacheResourceName;
  handler: RouteHandler;
  path: string;
  query?: Record<string, string>;
  ttl: number;
  /** What this firm must see, extracted from a body, compared with what it owns. */
  view(json: Json): unknown;
  expected(firm: FirmFixture): Promise<unknown>;
}

const ids = (list: unknown) => (list as { id: string }[]).map((x) => x.id).sort();

const ROUTES: CachedRoute[] = [
  {
    name: 'GET /api/pluggy/accounts',
    resource: 'accounts',
    handler: getAccounts,
    path: '/api/pluggy/accounts',
    ttl: 120,
    view: (j) => ids(j.accounts),
    expected: async (f) => [f.accountId],
  },
  {
    name: 'GET /api/settings',
    resource: 'settings',
    handler: getSettings,
    path: '/api/settings',
    ttl: 300,
    view: (j) => j.companyName,
    expected: async (f) => (await db.tenantSettings.findUniqueOrThrow({ where: { tenantId: f.tenantId } })).companyName,
  },
  {
    name: 'GET /api/pluggy/transactions',
    resource: 'txns',
    handler: getTransactions,
    path: '/api/pluggy/transactions',
    ttl: 60,
    view: (j) => ids(j.items),
    expected: async (f) => [...f.transactionIds].sort(),
  },
  {
    name: 'GET /api/reconciliation/history',
    resource: 'recon',
    handler: getReconciliation,
    path: '/api/reconciliation/history',
    ttl: 30,
    view: (j) => ids(j.items),
    expected: async (f) => [f.reconciliationId],
  },
  {
    name: 'GET /api/kpis?month',
    resource: 'kpis',
    handler: getKpis,
    path: '/api/kpis',
    query: { month: KPI_MONTH },
    ttl: 120,
    // asOf is global (last refresh of the view by anyone); the rows are the tenant's.
    view: (j) => j.kpis,
    expected: async (f) => getKpisForTenant(db, f.tenantId, KPI_MONTH),
  },
];

function get(route: CachedRoute, token: string, headers?: Record<string, string>): Promise<CallResult<Json>> {
  return call<Json>(route.handler, { method: 'GET', path: route.path, query: route.query, token, headers });
}

/**
 * A firm whose settings name and one transaction amount are unique to it, so
 * the bodies (and KPI totals) of two firms never coincide.
 */
async function firm(label: string): Promise<FirmFixture> {
  const f = await createFirm(db, label);
  await db.tenantSettings.update({ where: { tenantId: f.tenantId }, data: { companyName: `${label} ${f.slug}` } });
  const amount = `${100 + Math.floor(Math.random() * 90_000)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
  await db.pluggyTransaction.update({ where: { id: f.transactionIds[2]! }, data: { amount } });
  return f;
}

const cacheControl = (ttl: number) => `private, max-age=${ttl}, stale-while-revalidate=${Math.floor(ttl / 2)}`;
const ETAG = /^"[A-Za-z0-9_-]{22}"$/;

/** Refreshes mv_tenant_kpis so the firms just created have KPI rows; false if another refresher kept the lock. */
async function refreshKpisOnce(): Promise<boolean> {
  // Other files may hold the refresh lock; the view only makes the KPI
  // comparisons richer (rows instead of []), so a skip is tolerated.
  for (let i = 0; i < 20; i++) {
    if (!(await refreshKpiView(pool)).skipped) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await redis.stop();
});

afterEach(() => {
  // Back to the healthy bridge with the default environment; this also
  // drops the Redis client, the rate limiters and the in-memory counters.
  redis.heal();
  vi.restoreAllMocks();
});

describe.skipIf(noRedis)('without Redis', () => {
  let f: FirmFixture;
  beforeAll(async () => {
    f = await firm('Sem Redis');
    await refreshKpisOnce();
  });
  beforeEach(() => useNoRedis());

  it.each(ROUTES)('$name answers X-Cache BYPASS with fresh data every time', async (route) => {
    for (let i = 0; i < 2; i++) {
      const res = await get(route, f.users.VIEWER.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-cache')).toBe('BYPASS');
      expect(res.headers.get('cache-control')).toBe(cacheControl(route.ttl));
      expect(res.headers.get('etag')).toMatch(ETAG);
      expect(route.view(res.json)).toEqual(await route.expected(f));
    }
  });
});

describe.skipIf(noRedis)('with Redis', () => {
  let f: FirmFixture;
  beforeAll(async () => {
    f = await firm('Com Redis');
    await refreshKpisOnce();
  });

  it.each(ROUTES)('$name: MISS then HIT, Cache-Control with the TTL, ETag → 304', async (route) => {
    const token = f.users.VIEWER.token;
    const miss = await get(route, token);
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(miss.headers.get('cache-control')).toBe(cacheControl(route.ttl));
    expect(miss.headers.get('vary')).toBe('Cookie, Authorization');
    const etag = miss.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    expect(route.view(miss.json)).toEqual(await route.expected(f));

    // Stored once, with the resource's TTL.
    await cacheStoresSettled();
    const stored = await redis.raw.keys(`tenant:${f.tenantId}:${route.resource}*`);
    expect(stored).toHaveLength(1);
    const pttl = await redis.raw.pttl(stored[0]!);
    expect(pttl).toBeGreaterThan(route.ttl * 1000 - 5000);
    expect(pttl).toBeLessThanOrEqual(route.ttl * 1000);

    const hit = await get(route, token);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('cache-control')).toBe(cacheControl(route.ttl));
    expect(hit.headers.get('etag')).toBe(etag);
    expect(hit.json).toEqual(miss.json);

    const notModified = await get(route, token, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.json).toBeNull();
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('x-cache')).toBe('HIT');
    expect(notModified.headers.get('cache-control')).toBe(cacheControl(route.ttl));

    // Weak and list forms match too; another tag does not.
    expect((await get(route, token, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    const other = await get(route, token, { 'if-none-match': '"AAAAAAAAAAAAAAAAAAAAAA"' });
    expect(other.status).toBe(200);
    expect(other.json).toEqual(miss.json);
  });
});

describe.skipIf(noRedis)('invalidation through the mutation routes', () => {
  const [accounts, settings, txns, recon] = ROUTES as [CachedRoute, CachedRoute, CachedRoute, CachedRoute];

  /** Reads twice (MISS, HIT) and returns the ETag and body a browser would now hold. */
  async function warm(route: CachedRoute, token: string): Promise<{ etag: string; json: Json }> {
    const first = await get(route, token);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const again = await get(route, token);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-cache')).toBe('HIT');
    return { etag: again.headers.get('etag')!, json: again.json };
  }

  /**
   * The next read after a mutation, as the browser sends it (cache:
   * 'no-cache' revalidates with the ETag it holds): must be 200 with the
   * new body, never 304, and then 304 against the new ETag.
   */
  async function nextRead(route: CachedRoute, token: string, oldEtag: string): Promise<Json> {
    const res = await get(route, token, { 'if-none-match': oldEtag });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('MISS');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    expect(etag).not.toBe(oldEtag);
    const revalidated = await get(route, token, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('x-cache')).toBe('HIT');
    return res.json;
  }

  it('the browser fetch helper always revalidates (cache: no-cache)', () => {
    expect(API_FETCH_INIT.cache).toBe('no-cache');
  });

  it('POST /api/settings: the next GET shows the new name and weights', async () => {
    const f = await firm('Configurações');
    const reader = f.users.VIEWER.token;
    const before = await warm(settings, reader);

    const name = `Novo Nome ${f.slug}`;
    const upd = await call(postSettings, { method: 'POST', path: '/api/settings', token: f.users.ADMIN.token, body: { companyName: name } });
    expect(upd.status).toBe(200);
    const afterName = await nextRead(settings, reader, before.etag);
    expect(afterName.companyName).toBe(name);

    const weights = { document: 10, name: 20, contact: 10, amount: 40, date: 20 };
    const etag = (await get(settings, reader)).headers.get('etag')!;
    const upd2 = await call(postSettings, { method: 'POST', path: '/api/settings', token: f.users.ADMIN.token, body: { weights } });
    expect(upd2.status).toBe(200);
    const afterWeights = await nextRead(settings, reader, etag);
    expect(afterWeights.weights).toEqual(weights);
    expect(afterWeights.companyName).toBe(name);
  });

  it('a weights change invalidates reconciliation; a name change does not; neither touches accounts', async () => {
    const f = await firm('Pesos');
    const reader = f.users.VIEWER.token;
    const admin = f.users.ADMIN.token;
    const r0 = await warm(recon, reader);
    await warm(accounts, reader);

    expect((await call(postSettings, { method: 'POST', path: '/api/settings', token: admin, body: { companyName: `Outro ${f.slug}` } })).status).toBe(200);
    expect((await get(recon, reader)).headers.get('x-cache')).toBe('HIT');
    expect((await get(accounts, reader)).headers.get('x-cache')).toBe('HIT');

    const weights = { document: 30, name: 30, contact: 10, amount: 20, date: 10 };
    expect((await call(postSettings, { method: 'POST', path: '/api/settings', token: admin, body: { weights } })).status).toBe(200);
    const afterWeights = await get(recon, reader);
    expect(afterWeights.status).toBe(200);
    expect(afterWeights.headers.get('x-cache')).toBe('MISS');
    expect(afterWeights.json).toEqual(r0.json); // scoring inputs changed, the stored history did not
    expect((await get(accounts, reader)).headers.get('x-cache')).toBe('HIT');
  });

  it('PATCH /api/pluggy/accounts/[id]: the next accounts GET shows the new display name', async () => {
    const f = await firm('Contas');
    const reader = f.users.VIEWER.token;
    const before = await warm(accounts, reader);
    const displayName = `Conta Principal ${f.slug}`;
    const res = await call(patchAccount, {
      method: 'PATCH',
      path: `/api/pluggy/accounts/${f.accountId}`,
      params: { id: f.accountId },
      token: f.users.ADMIN.token,
      body: { displayName },
    });
    expect(res.status).toBe(200);
    const after = await nextRead(accounts, reader, before.etag);
    expect((after.accounts as { id: string; displayName: string | null }[]).find((a) => a.id === f.accountId)?.displayName).toBe(displayName);
  });

  it('PATCH /api/pluggy/transactions/[id] {ignored:true}: the next transactions GET shows it ignored', async () => {
    const f = await firm('Transações');
    const reader = f.users.VIEWER.token;
    const id = f.transactionIds[1]!;
    const before = await warm(txns, reader);
    const flag = (j: Json) => (j.items as { id: string; ignored: boolean }[]).find((t) => t.id === id)?.ignored;
    expect(flag(before.json)).toBe(false);
    const res = await call(patchTransaction, {
      method: 'PATCH',
      path: `/api/pluggy/transactions/${id}`,
      params: { id },
      token: f.users.MEMBER.token,
      body: { ignored: true },
    });
    expect(res.status).toBe(200);
    expect(flag(await nextRead(txns, reader, before.etag))).toBe(true);
  });

  it('POST /api/reconciliation/[id]/undo: the next reconciliation GET shows UNDONE', async () => {
    const f = await firm('Desfazer');
    const reader = f.users.VIEWER.token;
    const before = await warm(recon, reader);
    const status = (j: Json) => (j.items as { id: string; status: string }[]).find((r) => r.id === f.reconciliationId)?.status;
    expect(status(before.json)).toBe('CONFIRMED');
    const res = await call(undoReconciliation, {
      method: 'POST',
      path: `/api/reconciliation/${f.reconciliationId}/undo`,
      params: { id: f.reconciliationId },
      token: f.users.MEMBER.token,
      body: { reason: 'Conferência manual' },
    });
    expect(res.status).toBe(200);
    expect(status(await nextRead(recon, reader, before.etag))).toBe('UNDONE');
  });
});

describe.skipIf(noRedis)('tenant isolation of the cache', () => {
  let a: FirmFixture;
  let b: FirmFixture;
  let kpisRefreshed = false;
  beforeAll(async () => {
    a = await firm('Firma A');
    b = await firm('Firma B');
    kpisRefreshed = await refreshKpisOnce();
  });

  it.each(ROUTES)('$name: firm B never gets firm A’s entry', async (route) => {
    // Both firms own data on this route (KPI rows once the view is refreshed).
    const expectedA = await route.expected(a);
    if (route.resource !== 'kpis' || kpisRefreshed) expect(expectedA).not.toEqual([]);
    expect(expectedA).not.toEqual(await route.expected(b));
    const aFirst = await get(route, a.users.VIEWER.token);
    const aHit = await get(route, a.users.VIEWER.token);
    expect([aFirst.headers.get('x-cache'), aHit.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);

    const bFirst = await get(route, b.users.VIEWER.token);
    expect(bFirst.status).toBe(200);
    expect(bFirst.headers.get('x-cache')).toBe('MISS');
    expect(route.view(bFirst.json)).toEqual(await route.expected(b));
    const bText = JSON.stringify(bFirst.json);
    for (const id of [a.tenantId, a.accountId, a.reconciliationId, ...a.transactionIds, a.slug]) {
      expect(bText.includes(id), `B's body holds A's ${id}`).toBe(false);
    }
    const bHit = await get(route, b.users.VIEWER.token);
    expect(bHit.headers.get('x-cache')).toBe('HIT');
    expect(bHit.json).toEqual(bFirst.json);

    const aAgain = await get(route, a.users.VIEWER.token);
    expect(aAgain.headers.get('x-cache')).toBe('HIT');
    expect(route.view(aAgain.json)).toEqual(await route.expected(a));
    expect(JSON.stringify(aAgain.json).includes(b.slug)).toBe(false);

    // Entries live under each tenant's own keys.
    await cacheStoresSettled();
    expect(await redis.raw.keys(`tenant:${a.tenantId}:${route.resource}*`)).toHaveLength(1);
    expect(await redis.raw.keys(`tenant:${b.tenantId}:${route.resource}*`)).toHaveLength(1);
  });
});

describe.skipIf(noRedis)('Redis dying mid-run', () => {
  const TIMEOUT_MS = 150;
  // Rate limit (one Redis call) + cache (MGET) may each wait the timeout; the rest is database time.
  const BOUND_MS = TIMEOUT_MS * 3 + 500;

  it('every cached GET keeps answering 200 with correct data while Redis hangs or refuses, and HITs again once healed', async () => {
    vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    const f = await firm('Queda');
    await refreshKpisOnce();
    const token = f.users.VIEWER.token;

    await withEnv({ REDIS_TIMEOUT_MS: String(TIMEOUT_MS) }, async () => {
      resetRedisForTests(); // the client reads REDIS_TIMEOUT_MS when created
      const warm = new Map<string, Json>();
      for (const route of ROUTES) {
        await get(route, token);
        const hit = await get(route, token);
        expect(hit.headers.get('x-cache'), route.name).toBe('HIT');
        warm.set(route.name, hit.json);
      }

      const timings: Record<string, string[]> = { hang: [], refuse: [] };
      for (const mode of ['hang', 'refuse'] as const) {
        await (mode === 'hang' ? redis.hang() : redis.refuse());
        for (const route of ROUTES) {
          const t0 = performance.now();
          const res = await get(route, token);
          const ms = performance.now() - t0;
          timings[mode]!.push(`${route.resource}=${Math.round(ms)}ms`);
          expect(res.status, `${mode} ${route.name}`).toBe(200);
          expect(res.headers.get('x-cache'), `${mode} ${route.name}`).toBe('MISS');
          expect(route.view(res.json), `${mode} ${route.name}`).toEqual(route.view(warm.get(route.name)!));
          expect(route.view(res.json)).toEqual(await route.expected(f));
          expect(ms, `${mode} ${route.name} took ${Math.round(ms)} ms`).toBeLessThan(BOUND_MS);
          // Rate limiting failed open: the default policy's headers are still there.
          expect(res.headers.get('x-ratelimit-limit')).toBe('60');
        }
      }

      redis.heal();
      for (const route of ROUTES) {
        let res = await get(route, token);
        for (let i = 0; i < 10 && res.headers.get('x-cache') !== 'HIT'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          res = await get(route, token);
        }
        expect(res.status).toBe(200);
        expect(res.headers.get('x-cache'), `healed ${route.name}`).toBe('HIT');
        expect(route.view(res.json)).toEqual(route.view(warm.get(route.name)!));
      }
    });
  });
});
