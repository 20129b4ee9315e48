// Rate limiting as a client sees it, through a real route (GET /api/settings,
// policy "default": 60 requests / 60 s per user) and the real wrapper, with
// Redis through the Upstash REST bridge and without Redis (per-process
// counters). Date is frozen one second into a minute so the sliding-window
// arithmetic is exact (the window does not roll over mid-test); timers stay
// real.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { freezeOneSecondIntoNextMinute, MINUTE } from '@/test/clock';
import { GET as getHealth } from '@/app/api/health/route';
import { GET as getSettings, POST as postSettings } from '@/app/api/settings/route';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { redisLogger, resetRedisForTests } from '@/lib/redis';
import { call, expectErrorContract, withEnv, type CallResult } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { noRedis, startTestRedis, useNoRedis, type TestRedis } from '@/test/redis';

const { db } = testDb();
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
  resetMemoryLimits();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  redis.heal(); // healthy bridge, default env, fresh client, limiters and counters
});

const settings = (token: string, headers?: Record<string, string>) =>
  call(getSettings, { method: 'GET', path: '/api/settings', token, headers });
const health = (token?: string) => call(getHealth, { method: 'GET', path: '/api/health', token });

/** Epoch seconds at which the frozen clock's window ends. */
const resetAt = () => String((now - 1000 + MINUTE) / 1000);

function expectAllowed(res: CallResult, remaining: number): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('x-ratelimit-limit')).toBe('60');
  expect(res.headers.get('x-ratelimit-remaining')).toBe(String(remaining));
  expect(res.headers.get('x-ratelimit-reset')).toBe(resetAt());
  expect(res.headers.get('retry-after')).toBeNull();
}

function expectBlocked(res: CallResult): void {
  expect(res.status).toBe(429);
  expect(expectErrorContract(res.json).code).toBe('rate_limited');
  const retryAfter = res.headers.get('retry-after');
  // Delta seconds (RFC 9110), never an HTTP date or an epoch timestamp.
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  expect(retryAfter).toBe('59'); // frozen 1 s into the window
  expect(res.headers.get('x-ratelimit-limit')).toBe('60');
  expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  expect(String(reset)).toBe(resetAt());
  // Epoch seconds, not milliseconds: within the next minute.
  expect(reset).toBeGreaterThan(now / 1000);
  expect(reset).toBeLessThanOrEqual(now / 1000 + 60);
  expect(res.headers.get('cache-control')).toBe('no-store');
}

/** The Upstash limiter's counter of the frozen window (requests actually counted). */
const redisCount = (userId: string) => redis.raw.get(`rl:default:user:${userId}:${Math.floor(now / MINUTE)}`);

describe.skipIf(noRedis).each([
  { backend: 'Redis through the Upstash bridge', useRedis: true },
  { backend: 'no Redis (per-process counters)', useRedis: false },
])('with $backend', ({ useRedis }) => {
  let f: FirmFixture;
  beforeAll(async () => {
    f = await createFirm(db, 'Limites');
  });
  beforeEach(() => {
    if (!useRedis) useNoRedis();
  });

  it('allows 60 requests a minute with X-RateLimit-* headers, then 429 with Retry-After; other users unaffected', async () => {
    const user = f.users.VIEWER;
    for (let i = 1; i <= 60; i++) expectAllowed(await settings(user.token), 60 - i);
    expectBlocked(await settings(user.token));
    expectBlocked(await settings(user.token));
    // Blocked requests are not counted.
    if (useRedis) expect(await redisCount(user.userId)).toBe('60');

    // Same firm, another user: a budget of their own.
    expectAllowed(await settings(f.users.MEMBER.token), 59);
    expectBlocked(await settings(user.token));
  });

  it('counts one request once, whichever way it is answered (MISS, HIT, 304, mutation)', async () => {
    const user = f.users.ADMIN;
    const first = await settings(user.token);
    expectAllowed(first, 59);
    const etag = first.headers.get('etag')!;
    const notModified = await settings(user.token, { 'if-none-match': etag });
    expect(notModified.status).toBe(304); // without Redis the body is recomputed, but equal: same ETag
    expect(notModified.headers.get('x-ratelimit-remaining')).toBe('58');
    expectAllowed(await settings(user.token), 57);
    const update = await call(postSettings, { method: 'POST', path: '/api/settings', token: user.token, body: { companyName: `Nome ${f.slug}` } });
    expect(update.status).toBe(200);
    expect(update.headers.get('x-ratelimit-remaining')).toBe('56');
    let n = 4;
    for (; n < 10; n++) expectAllowed(await settings(user.token), 60 - n - 1);
    if (useRedis) expect(await redisCount(user.userId)).toBe(String(n));
  });

  it('GET /api/health (public policy) does not spend the user’s budget', async () => {
    const user = f.users.OWNER;
    for (let i = 1; i <= 5; i++) expectAllowed(await settings(user.token), 60 - i);
    for (let i = 1; i <= 10; i++) {
      const res = await health(user.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('120');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(120 - i));
    }
    expectAllowed(await settings(user.token), 54);
    if (useRedis) expect(await redisCount(user.userId)).toBe('6');
  });
});

describe.skipIf(noRedis)('with Redis hanging', () => {
  const TIMEOUT_MS = 150;

  it('the default policy fails open: requests succeed (no 5xx), even for a user already over the limit', async () => {
    vi.spyOn(redisLogger, 'log').mockImplementation(() => {});
    const f = await createFirm(db, 'Limites sem Redis');
    const blocked = f.users.VIEWER;
    await withEnv({ REDIS_TIMEOUT_MS: String(TIMEOUT_MS) }, async () => {
      resetRedisForTests(); // the client reads REDIS_TIMEOUT_MS when created
      for (let i = 1; i <= 60; i++) expectAllowed(await settings(blocked.token), 60 - i);
      expectBlocked(await settings(blocked.token));

      await redis.hang();
      for (const user of [blocked, f.users.MEMBER]) {
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          const res = await settings(user.token);
          const ms = performance.now() - t0;
          expect(res.status).toBe(200);
          expect(res.headers.get('x-ratelimit-limit')).toBe('60');
          expect(res.headers.get('retry-after')).toBeNull();
          // Limiter and cache each wait at most the timeout; the rest is the database.
          expect(ms, `took ${Math.round(ms)} ms`).toBeLessThan(TIMEOUT_MS * 3 + 500);
        }
      }

      // Back up: the counter kept in Redis applies again.
      redis.heal();
      expectBlocked(await settings(blocked.token));
    });
  });
});
