// limit() over @upstash/ratelimit through the bridge and the real Redis, the
// per-process fallback, and the per-policy fail modes. Date is frozen one
// second into a window so the sliding-window arithmetic is exact; timers stay
// real.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { freezeOneSecondIntoNextMinute, MINUTE } from '@/test/clock';
import { resetEnvCache } from '@/lib/env';
import { limit, rateLimitHeaders, RATE_LIMIT_POLICIES, type RateLimitResult } from '@/lib/rate-limit';
import { enforceRateLimit } from '@/lib/rate-limit-middleware';
import { ApiError } from '@/lib/api/errors';
import { redisLogger, resetRedisForTests } from '@/lib/redis';
import { noRedis, startTestRedis, useNoRedis, type TestRedis } from '@/test/redis';

let redis: TestRedis;
let now: number;

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await redis.stop();
});

beforeEach(() => {
  now = freezeOneSecondIntoNextMinute();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  redis.heal();
});

const user = () => `user:${randomUUID()}`;

async function run(policy: 'default' | 'login', id: string, n: number): Promise<RateLimitResult[]> {
  const out: RateLimitResult[] = [];
  for (let i = 0; i < n; i++) out.push(await limit(policy, id));
  return out;
}

function expectDefaultSequence(results: RateLimitResult[]) {
  const reset = now - 1000 + MINUTE;
  expect(results.slice(0, 60).every((r) => r.success && r.limit === 60 && r.reset === reset && r.retryAfterSeconds === 0)).toBe(true);
  expect(results.slice(0, 60).map((r) => r.remaining)).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
  expect(results[60]).toEqual({ success: false, limit: 60, remaining: 0, reset, retryAfterSeconds: 59 });
  expect(rateLimitHeaders(results[0]!)).toEqual({
    'X-RateLimit-Limit': '60',
    'X-RateLimit-Remaining': '59',
    'X-RateLimit-Reset': String(reset / 1000),
  });
  expect(rateLimitHeaders(results[60]!)).toEqual({
    'X-RateLimit-Limit': '60',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(reset / 1000),
    'Retry-After': '59',
  });
}

describe.skipIf(noRedis)('with Upstash', () => {
  it('allows 60 requests a minute, then blocks with Retry-After in whole seconds', async () => {
    const id = user();
    const results = await run('default', id, 62);
    expectDefaultSequence(results);
    expect(results[61]).toEqual(results[60]);
    // One call = one count: 60 allowed calls counted, blocked ones not at all.
    expect(await redis.raw.get(`rl:default:${id}:${Math.floor(now / MINUTE)}`)).toBe('60');
  });

  it('counts users independently', async () => {
    const [a, b] = [user(), user()];
    await run('default', a, 61);
    expect(await limit('default', b)).toMatchObject({ success: true, remaining: 59 });
  });

  it('uses each policy’s limit and window', async () => {
    const results = await run('login', `ip:1.2.3.4:${randomUUID()}`, 11);
    expect(results.map((r) => r.success)).toEqual([...Array(10).fill(true), false]);
    const loginWindow = RATE_LIMIT_POLICIES.login.windowSeconds * 1000;
    const reset = (Math.floor(now / loginWindow) + 1) * loginWindow;
    expect(results[10]).toMatchObject({ limit: 10, reset, retryAfterSeconds: Math.ceil((reset - now) / 1000) });
  });
});

describe.skipIf(noRedis)('per-process fallback', () => {
  it('behaves exactly like the Upstash limiter without Redis', async () => {
    useNoRedis();
    expectDefaultSequence(await run('default', user(), 61));
  });

});

describe.skipIf(noRedis)('with REDIS_URL (plain Redis over TCP)', () => {
  it('runs the same limiter in Redis, so a fresh instance sees the count', async () => {
    await redis.stop();
    redis = await startTestRedis({ backend: 'redis' });
    try {
      const id = user();
      expectDefaultSequence(await run('default', id, 61));
      expect((await redis.raw.keys(`rl:default:${id}*`)).length).toBeGreaterThan(0);
      // A new client and limiter (another instance): the counter is in Redis, not here.
      resetRedisForTests();
      expect(await limit('default', id)).toMatchObject({ success: false, remaining: 0 });
      expect(await limit('default', user())).toMatchObject({ success: true, remaining: 59 });
    } finally {
      await redis.stop();
      redis = await startTestRedis();
    }
  });

  it('fails open within the timeout when that Redis hangs', async () => {
    await redis.stop();
    redis = await startTestRedis({ backend: 'redis' });
    try {
      vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
      vi.spyOn(redisLogger, 'throttled').mockImplementation(() => {});
      await redis.hang();
      const t0 = performance.now();
      expect(await limit('default', user())).toMatchObject({ success: true, degraded: true });
      expect(performance.now() - t0).toBeLessThan(1500);
    } finally {
      redis.heal();
      await redis.stop();
      redis = await startTestRedis();
    }
  });
});

describe.skipIf(noRedis)('when Redis fails', () => {
  const TIMEOUT_MS = 150;
  beforeAll(() => {
    process.env.REDIS_TIMEOUT_MS = String(TIMEOUT_MS);
    resetEnvCache();
    resetRedisForTests();
  });
  afterAll(() => {
    delete process.env.REDIS_TIMEOUT_MS;
    resetEnvCache();
    resetRedisForTests();
  });

  it('fails open for the default policy, within the timeout', async () => {
    const log = vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    await redis.hang();
    const t0 = performance.now();
    const r = await limit('default', user());
    expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + 150);
    expect(r).toMatchObject({ success: true, degraded: true, limit: 60, retryAfterSeconds: 0 });
    expect(log).toHaveBeenCalledWith('warn', 'rate limiter unavailable, applying fail mode', expect.objectContaining({ mode: 'open' }));
    await expect(enforceRateLimit('default', user())).resolves.toMatchObject({ 'X-RateLimit-Limit': '60' });
  });

  it('fails closed for login with a 503 and Retry-After', async () => {
    vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    await redis.refuse();
    const r = await limit('login', `ip:1.2.3.4:${randomUUID()}`);
    expect(r).toMatchObject({ success: false, degraded: true, remaining: 0, retryAfterSeconds: 5 });
    await redis.hang();
    const err = await enforceRateLimit('login', 'ip:1.2.3.4:x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'service_unavailable', status: 503, headers: expect.objectContaining({ 'Retry-After': '5' }) });
  });
});

describe.skipIf(noRedis)('enforceRateLimit', () => {
  it('returns the headers when allowed and throws 429 with them when blocked', async () => {
    const id = user();
    for (let i = 0; i < 60; i++) await enforceRateLimit('default', id);
    const err = await enforceRateLimit('default', id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('rate_limited');
    expect(apiError.message).toBe('Muitas requisições. Tente novamente em 59 s.');
    expect(apiError.headers).toMatchObject({ 'Retry-After': '59', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Limit': '60' });
  });
});
