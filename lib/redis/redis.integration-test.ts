// The seed's raw-key functions over the Upstash REST backend (the bridge in
// front of the real Redis), and their no-op behaviour without Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  getCached,
  getRateLimiter,
  invalidateCache,
  invalidatePattern,
  isRedisConfigured,
  redisHealth,
  redisLogger,
  setCached,
} from '@/lib/redis';
import { noRedis, startTestRedis, useNoRedis, type TestRedis } from '@/test/redis';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await redis.stop();
});

describe.skipIf(noRedis)('with Redis (Upstash REST)', () => {
  it('stores JSON with a TTL and reads it back', async () => {
    const key = `tenant:${randomUUID()}:seed`;
    expect(await getCached(key)).toBeNull();
    await setCached(key, { n: 1, s: 'ação', list: [1, null] }, 45);
    expect(await getCached(key)).toEqual({ n: 1, s: 'ação', list: [1, null] });
    const pttl = await redis.raw.pttl(key);
    expect(pttl).toBeGreaterThan(40_000);
    expect(pttl).toBeLessThanOrEqual(45_000);
  });

  it('deletes keys, and keys matching a pattern only', async () => {
    const t = randomUUID();
    await setCached(`tenant:${t}:a`, 1, 60);
    await setCached(`tenant:${t}:b`, 2, 60);
    await invalidateCache(`tenant:${t}:a`);
    expect(await getCached(`tenant:${t}:a`)).toBeNull();

    for (let i = 0; i < 30; i++) await setCached(`tenant:${t}:recon:${i}`, i, 60);
    expect(await invalidatePattern(`tenant:${t}:recon:*`)).toBe(30);
    expect(await redis.raw.keys(`tenant:${t}:*`)).toEqual([`tenant:${t}:b`]);
  });

  it('treats an unreadable entry as a miss', async () => {
    const key = `tenant:${randomUUID()}:bad`;
    await redis.raw.set(key, '{oops', 'EX', 60);
    const spy = vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    expect(await getCached(key)).toBeNull();
    expect(spy).toHaveBeenCalledWith('warn', 'unreadable cache entry treated as a miss', expect.objectContaining({ key }));
    spy.mockRestore();
  });

  it('reports health and exposes the default rate limiter', async () => {
    expect(isRedisConfigured()).toBe(true);
    expect(await redisHealth()).toMatchObject({ state: 'reachable', backend: 'upstash' });
    const limiter = getRateLimiter();
    expect(limiter).not.toBeNull();
    expect((await limiter!.limit(`seed:${randomUUID()}`)).success).toBe(true);
  });
});

describe.skipIf(noRedis)('without Redis', () => {
  it('returns null / does nothing, never throws', async () => {
    useNoRedis();
    expect(isRedisConfigured()).toBe(false);
    expect(await getCached('tenant:x:k')).toBeNull();
    await expect(setCached('tenant:x:k', 1, 10)).resolves.toBeUndefined();
    await expect(invalidateCache('tenant:x:k')).resolves.toBeUndefined();
    expect(await invalidatePattern('tenant:x:*')).toBe(0);
    expect(getRateLimiter()).toBeNull();
    expect(await redisHealth()).toEqual({ state: 'absent' });
    redis.heal();
  });
});
