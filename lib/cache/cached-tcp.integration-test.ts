// The same cache over the plain-Redis backend (REDIS_URL, ioredis), used by
// self-hosters without the REST bridge.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cached, entryDiscriminator, invalidateTenant, invalidateTenantRecon } from '@/lib/cache';
import { logicalKey } from '@/lib/cache/keys';
import { resetEnvCache } from '@/lib/env';
import { getCached, redisHealth, redisLogger, resetRedisForTests, setCached } from '@/lib/redis';
import { noRedis, startTestRedis, type TestRedis } from '@/test/redis';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis({ backend: 'redis' });
});

afterAll(async () => {
  await redis.stop();
});

describe.skipIf(noRedis)('REDIS_URL backend', () => {
  it('serves MISS then HIT and invalidates by generation', async () => {
    const tenantId = randomUUID();
    const read = (v: string) => cached({ tenantId, resource: 'recon', params: { page: 1 }, compute: async () => v });
    expect(await read('a')).toMatchObject({ data: 'a', status: 'MISS' });
    expect(await read('b')).toMatchObject({ data: 'a', status: 'HIT' });
    const pttl = await redis.raw.pttl(logicalKey(tenantId, 'recon', entryDiscriminator('recon', { page: 1 })));
    expect(pttl).toBeGreaterThan(25_000);
    await invalidateTenantRecon(tenantId);
    expect(await read('c')).toMatchObject({ data: 'c', status: 'MISS' });
    await invalidateTenant(tenantId);
    expect(await read('d')).toMatchObject({ data: 'd', status: 'MISS' });
    expect(await redis.raw.get(`tenant:${tenantId}:gen`)).toBe('1');
    expect(await redisHealth()).toMatchObject({ state: 'reachable', backend: 'redis' });
  });

  it('supports the seed functions', async () => {
    const key = `tenant:${randomUUID()}:seed`;
    await setCached(key, { ok: true }, 30);
    expect(await getCached(key)).toEqual({ ok: true });
  });

  describe('when Redis hangs', () => {
    beforeAll(() => {
      process.env.REDIS_TIMEOUT_MS = '150';
      resetEnvCache();
      resetRedisForTests();
    });
    afterAll(() => {
      delete process.env.REDIS_TIMEOUT_MS;
      redis.heal();
    });

    it('computes within the timeout and never throws', async () => {
      vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
      await redis.hang();
      const t0 = performance.now();
      const r = await cached({ tenantId: randomUUID(), resource: 'settings', compute: async () => 'computed' });
      expect(r).toMatchObject({ data: 'computed', status: 'MISS' });
      expect(performance.now() - t0).toBeLessThan(150 + 150);
      expect(await getCached('tenant:x:anything')).toBeNull();
      await expect(setCached('tenant:x:anything', 1, 10)).resolves.toBeUndefined();
      expect(await redisHealth()).toEqual({ state: 'unreachable', backend: 'redis' });
      vi.restoreAllMocks();
    });
  });
});
