// React Query defaults, the fetcher's error contract (against a real local
// HTTP server), and that stream events reach the cache as invalidations of
// every variant of the resources they name.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClientError } from '@/lib/api-client';
import { apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import { createInvalidator } from '@/lib/hooks/realtime/invalidation';
import { applyEventToCache } from '@/lib/hooks/use-sse';
import { toSyncStatus } from '@/lib/hooks/sync-status';
import { GC_TIME_MS, makeQueryClient, retryDelay, shouldRetry, STALE_TIME_MS } from '@/lib/query-client';
import { realTimers } from '@/test/realtime-fakes';

describe('query defaults', () => {
  it('60 s fresh, 10 min kept, refetch on focus', () => {
    const q = makeQueryClient().getDefaultOptions().queries!;
    expect([q.staleTime, q.gcTime, q.refetchOnWindowFocus]).toEqual([STALE_TIME_MS, GC_TIME_MS, true]);
    expect(STALE_TIME_MS).toBe(60_000);
    expect(GC_TIME_MS).toBe(600_000);
  });

  it('retries twice, never a 4xx, with delays 1 s, 2 s, 4 s … capped', () => {
    const e500 = new ApiClientError(503, 'unavailable', 'x');
    expect([0, 1, 2].map((n) => shouldRetry(n, e500))).toEqual([true, true, false]);
    for (const status of [400, 401, 403, 404, 409, 422, 429]) expect(shouldRetry(0, new ApiClientError(status, 'c', 'm'))).toBe(false);
    expect(shouldRetry(0, new ApiClientError(0, 'network_error', 'm'))).toBe(true);
    expect([0, 1, 2, 3, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});

describe('fetcher', () => {
  let server: Server;
  let base = '';
  let lastCacheHeader: string | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      lastCacheHeader = req.headers['cache-control'];
      if (req.url === '/contract') {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'validation_failed', message: 'Dados inválidos.', details: { field: 'x' } } }));
      } else if (req.url === '/limited') {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '9' });
        res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Muitas requisições. Tente novamente em 9 s.' } }));
      } else if (req.url === '/html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, url: req.url }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('turns the error contract into a typed ApiClientError', async () => {
    const err = await apiRequest(`${base}/contract`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiClientError);
    expect(err).toMatchObject({ status: 422, code: 'validation_failed', message: 'Dados inválidos.', details: { field: 'x' } });
  });

  it('carries a 429\'s Retry-After, so a background poll can wait it out', async () => {
    expect(await apiRequest(`${base}/limited`).catch((e: unknown) => e)).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 9 });
    expect(((await apiRequest(`${base}/contract`).catch((e: unknown) => e)) as ApiClientError).retryAfterSeconds).toBeUndefined();
  });

  it('gives a non-JSON error page and a refused connection codes of their own', async () => {
    expect(await apiRequest(`${base}/html`).catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'http_error' });
    expect(await apiRequest('http://127.0.0.1:1/x').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends the query string and asks to revalidate (no HTTP-cache answer after an invalidation)', async () => {
    const data = await apiRequest<{ url: string }>(`${base}/list`, { query: { limit: 5, q: undefined, ignored: false } });
    expect(data.url).toBe('/list?limit=5&ignored=false');
    // cache: 'no-cache' makes fetch send a revalidating request (undici: max-age=0, as browsers do).
    expect(lastCacheHeader).toMatch(/^(no-cache|max-age=0)$/);
  });
});

describe('stream events → cache', () => {
  it('a burst of sync events invalidates every cached transactions and accounts query once, and nothing else', async () => {
    vi.useFakeTimers();
    try {
      const client = makeQueryClient();
      const keys = [queryKeys.transactions({ limit: 50 }), queryKeys.transactions({ type: 'CREDIT' }), queryKeys.accounts(), queryKeys.settings()];
      for (const key of keys) client.setQueryData(key, { v: 1 });
      const spy = vi.spyOn(client, 'invalidateQueries');
      const inv = createInvalidator((r) => void client.invalidateQueries({ queryKey: queryKeys.root(r) }), realTimers());
      for (let i = 0; i < 20; i++) {
        const event = { type: 'sync', data: { stage: 'transactions', done: i, total: 20 } };
        applyEventToCache(client, event);
        inv.onEvent(event.type);
      }
      await vi.advanceTimersByTimeAsync(1000);
      expect(spy).toHaveBeenCalledTimes(2);
      const state = (k: readonly unknown[]) => client.getQueryState(k)!.isInvalidated;
      expect(keys.map(state)).toEqual([true, true, true, false]);
      expect(client.getQueryData(queryKeys.syncStatus())).toMatchObject({ running: true, progress: { done: 19, total: 20 } });
      applyEventToCache(client, { type: 'sync_complete' });
      expect(client.getQueryData(queryKeys.syncStatus())).toMatchObject({ running: false, progress: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a sync event marks the status running over an idle answer of GET /api/pluggy/sync, and the last sync times survive it', () => {
    const client = makeQueryClient();
    client.setQueryData(queryKeys.syncStatus(), toSyncStatus({ running: false, job: null, lastSyncedAt: '2026-12-01T12:00:00.000Z', advbox: { fetchedAt: '2026-12-01T11:00:00.000Z', complete: true } }));
    applyEventToCache(client, { type: 'sync', data: { stage: 'transactions', done: 1, total: 3 } });
    expect(client.getQueryData(queryKeys.syncStatus())).toMatchObject({ running: true, progress: { done: 1, total: 3 }, lastSyncedAt: '2026-12-01T12:00:00.000Z' });
    applyEventToCache(client, { type: 'sync_complete' });
    expect(client.getQueryData(queryKeys.syncStatus())).toMatchObject({ running: false, progress: null, lastSyncedAt: '2026-12-01T12:00:00.000Z', advbox: { fetchedAt: '2026-12-01T11:00:00.000Z' } });
  });
});
