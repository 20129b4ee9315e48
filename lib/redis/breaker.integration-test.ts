// After one timeout, reads skip a hanging Redis for a while instead of each
// waiting out the deadline; invalidations still try.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cached } from '@/lib/cache';
import { resetEnvCache } from '@/lib/env';
import { BREAKER_OPEN_MS, redisCall } from '@/lib/redis/call';
import { resetRedisForTests } from '@/lib/redis';
import { noRedis, startTestRedis, type TestRedis } from '@/test/redis';

const TIMEOUT_MS = 200;
let redis: TestRedis;

beforeAll(async () => {
  process.env.REDIS_TIMEOUT_MS = String(TIMEOUT_MS);
  redis = await startTestRedis();
});
afterAll(async () => {
  delete process.env.REDIS_TIMEOUT_MS;
  await redis.stop();
  resetEnvCache();
  resetRedisForTests();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

describe.skipIf(noRedis)('Redis circuit breaker', () => {
  it('one timeout opens it: later reads return at once, invalidations still try, success closes it', async () => {
    const tenantId = `${redis.runId}-breaker`;
    await redis.hang();
    const first = await timed(() => cached({ tenantId, resource: 'settings', compute: async () => ({ n: 1 }) }));
    expect(first.value.data).toEqual({ n: 1 });
    expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);

    const second = await timed(() => cached({ tenantId, resource: 'settings', compute: async () => ({ n: 2 }) }));
    expect(second.value).toMatchObject({ data: { n: 2 }, status: 'MISS' });
    expect(second.ms).toBeLessThan(TIMEOUT_MS / 2);

    const incr = await timed(() => redisCall('INCR', { tenantId }, (r) => r.incrWithTtl(`tenant:${tenantId}:gen`, 60)));
    expect(incr.value).toEqual({ ok: false, reason: 'timeout' });
    expect(incr.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);

    redis.heal();
    await new Promise((r) => setTimeout(r, BREAKER_OPEN_MS + 50));
    const healed = await cached({ tenantId, resource: 'settings', compute: async () => ({ n: 3 }) });
    expect(healed.status).toBe('MISS');
    const hit = await cached({ tenantId, resource: 'settings', compute: async () => ({ n: 4 }) });
    expect(hit).toMatchObject({ status: 'HIT', data: { n: 3 } });
  }, 15_000);
});
