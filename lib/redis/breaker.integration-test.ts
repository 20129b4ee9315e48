// After one timeout, reads skip a hanging Redis for a while instead of each
// waiting out the deadline; invalidations still try.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cached } from '@/lib/cache';
import { resetEnvCache } from '@/lib/env';
import { metrics } from '@/lib/metrics/registry';
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
    const breaker = async () => (await metrics().redisBreakerOpen.get()).values[0]?.value ?? 0;
    const calls = async (outcome: string) =>
      (await metrics().redisDuration.get()).values.filter((v) => v.metricName === 'concilia_redis_call_duration_seconds_count' && v.labels.outcome === outcome).reduce((a, v) => a + v.value, 0);
    const before = { timeout: await calls('timeout'), skipped: await calls('skipped'), ok: await calls('ok') };
    await redis.hang();
    const first = await timed(() => cached({ tenantId, resource: 'settings', compute: async () => ({ n: 1 }) }));
    expect(first.value.data).toEqual({ n: 1 });
    expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);

    const second = await timed(() => cached({ tenantId, resource: 'settings', compute: async () => ({ n: 2 }) }));
    expect(second.value).toMatchObject({ data: { n: 2 }, status: 'MISS' });
    expect(second.ms).toBeLessThan(TIMEOUT_MS / 2);
    // Seen by operators (GET /api/metrics): the open breaker, the timed-out and the skipped calls.
    expect(await breaker()).toBe(1);
    expect(await calls('timeout')).toBeGreaterThan(before.timeout);
    expect(await calls('skipped')).toBeGreaterThan(before.skipped);

    const incr = await timed(() => redisCall('INCR', { tenantId }, (r) => r.incrWithTtl(`tenant:${tenantId}:gen`, 60)));
    expect(incr.value).toEqual({ ok: false, reason: 'timeout' });
    expect(incr.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);

    redis.heal();
    await new Promise((r) => setTimeout(r, BREAKER_OPEN_MS + 50));
    const healed = await cached({ tenantId, resource: 'settings', compute: async () => ({ n: 3 }) });
    expect(healed.status).toBe('MISS');
    const hit = await cached({ tenantId, resource: 'settings', compute: async () => ({ n: 4 }) });
    expect(hit).toMatchObject({ status: 'HIT', data: { n: 3 } });
    expect(await breaker()).toBe(0);
    expect(await calls('ok')).toBeGreaterThan(before.ok);
  }, 15_000);
});
