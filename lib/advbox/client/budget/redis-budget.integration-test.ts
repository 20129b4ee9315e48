// The Advbox budget in Redis: the Lua script grants exactly what the
// in-process algorithm grants, two instances (separate Redis clients, both
// backends) share one budget under concurrent crawls, a 429 pause reaches
// every instance, and a hanging Redis falls back to this process's count.
import { randomUUID } from 'node:crypto';
import { Redis as UpstashRedis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdvboxClient, budgetKey, MemoryBudget, RedisBudget, scaledClock } from '@/lib/advbox/client';
import { BUDGET_PREFIX } from '@/lib/advbox/client/budget';
import { redisLogger } from '@/lib/redis';
import { startAdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { answered, maxInWindow } from '@/test/advbox';
import { noRedis, scratchBridge, startTestRedis, type TestRedis } from '@/test/redis';

const run = randomUUID().slice(0, 8);
const scratch = scratchBridge(`${BUDGET_PREFIX}:t${run}`);
const T0 = 1_800_000_000_000;

function upstashClient(): UpstashRedis {
  return new UpstashRedis({ url: scratch.bridge.url, token: scratch.bridge.token, enableTelemetry: false, automaticDeserialization: false });
}

async function forget(key: string) {
  const keys = await scratch.raw.keys(`${BUDGET_PREFIX}:${key}*`);
  if (keys.length) await scratch.raw.del(keys);
}

describe.skipIf(noRedis)('RedisBudget', () => {
  it('grants exactly what the in-process algorithm grants', async () => {
    const key = `t${run}-same`;
    const redis = new RedisBudget({ redis: upstashClient() });
    const memory = new MemoryBudget();
    let now = T0;
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 150; i++) {
      now += Math.floor(rnd() * 4000);
      const req = { key, op: rnd() < 0.9 ? ('get' as const) : ('put' as const), interactive: rnd() < 0.3, maxWaitMs: rnd() < 0.5 ? 3000 : 600_000, now };
      if (rnd() < 0.03) {
        await redis.pause(key, req.op, now + 20_000, now);
        await memory.pause(key, req.op, now + 20_000);
      }
      expect(await redis.reserve(req), `call ${i}`).toEqual(await memory.reserve(req));
    }
    await forget(key);
  });

  it('hands a 429 pause to every instance', async () => {
    const key = `t${run}-pause`;
    const a = new RedisBudget({ redis: upstashClient() });
    const b = new RedisBudget({ redis: upstashClient() });
    await a.pause(key, 'get', T0 + 45_000, T0);
    expect(await b.reserve({ key, op: 'get', interactive: true, maxWaitMs: 60_000, now: T0 })).toEqual({ granted: true, at: T0 + 45_000 });
    await forget(key);
  });

  it('counts in this process when Redis does not answer', async () => {
    vi.spyOn(redisLogger, 'throttled').mockImplementation(() => {});
    const silent = new UpstashRedis({ url: 'http://127.0.0.1:9', token: 'x', enableTelemetry: false, retry: false });
    const budget = new RedisBudget({ redis: silent, timeoutMs: 200 });
    const grants = [];
    for (let i = 0; i < 28; i++) grants.push(await budget.reserve({ key: 'offline', op: 'get', interactive: false, maxWaitMs: 1000, now: T0 }));
    expect(grants.slice(0, 27).every((g) => g.granted)).toBe(true);
    expect(grants[27]).toEqual({ granted: false, at: T0 + 61_000 });
    vi.restoreAllMocks();
  });
});

describe.skipIf(noRedis)('two instances of the app crawling one tenant', () => {
  let appRedis: TestRedis;
  beforeAll(async () => {
    appRedis = await startTestRedis();
  });
  afterAll(() => appRedis.stop());

  for (const backend of ['upstash', 'redis'] as const) {
    it(`share its 30 GETs a minute (this instance on ${backend === 'redis' ? 'REDIS_URL' : 'Upstash REST'})`, async () => {
      if (backend === 'redis') {
        await appRedis.stop();
        appRedis = await startTestRedis({ backend: 'redis' });
      }
      const token = `two-instances-${run}`;
      const fast = scaledClock(20, T0);
      const sb = await startAdvboxSandbox({ firms: { [token]: { bookOptions: { seed: 2, customers: 160, anchorDate: '2026-11-30' } } }, clock: fast });
      try {
        // This instance: the app's configured Redis. The other: its own client, its own budget object.
        const here = new AdvboxClient({ token, baseUrl: sb.url, budget: new RedisBudget(), clock: fast, pageLimit: 8 });
        const there = new AdvboxClient({ token, baseUrl: sb.url, budget: new RedisBudget({ redis: upstashClient() }), clock: fast, pageLimit: 8 });
        const [a, b] = await Promise.all([here.listCustomers(), there.listCustomers()]);
        expect(a.complete && b.complete).toBe(true);
        const gets = answered(sb);
        expect(gets.length).toBe(40);
        expect(sb.requests.filter((r) => r.status === 429)).toEqual([]);
        expect(maxInWindow(gets.map((r) => r.at), 60_000)).toBeLessThanOrEqual(30);
        expect((await scratch.raw.keys(`${BUDGET_PREFIX}:${budgetKey(sb.url, token)}:get:*`)).length).toBeGreaterThan(0);
        await forget(budgetKey(sb.url, token));
      } finally {
        await sb.close();
      }
    });
  }
});
