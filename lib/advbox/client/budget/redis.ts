// The budget in Redis, shared by every instance of the app: one Lua script
// runs slots.ts's algorithm atomically (two lists of granted times per token
// and operation, and a pause key). The caller's clock is passed in, so all
// instances must keep NTP time (skew is absorbed by the policy's margin).
// Redis failing (timeout, error) falls back to this process's budget for
// that call, logged: a Redis outage must not stop the work, and Advbox's own
// 429s still bound it.
import type { Redis as UpstashRedis } from '@upstash/redis';
import { redisCall } from '@/lib/redis/call';
import { redisLogger } from '@/lib/redis/log';
import type { AdvboxBudget, SlotRequest } from './budget';
import { MemoryBudget } from './memory';
import { ADVBOX_BUDGET, type AdvboxOperation, type BudgetPolicy } from './policy';
import { capacities, type Grant } from './slots';

export const BUDGET_PREFIX = 'advbox:budget';

// KEYS: background log, interactive log, pause. ARGV: now, window (with
// margin), background capacity, interactive capacity, interactive (0/1),
// max wait, TTL of the logs (ms).
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local start = now
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > start then start = paused end
local function slot(key, cap)
  if cap <= 0 then return nil end
  local at = start
  local n = redis.call('LLEN', key)
  if n > 0 then
    local last = tonumber(redis.call('LINDEX', key, -1))
    if last > at then at = last end
  end
  if n >= cap then
    local free = tonumber(redis.call('LINDEX', key, -cap)) + window
    if free > at then at = free end
  end
  return at
end
local bgCap = tonumber(ARGV[3])
local iaCap = tonumber(ARGV[4])
local at = slot(KEYS[1], bgCap)
local key, cap = KEYS[1], bgCap
if ARGV[5] == '1' then
  local ia = slot(KEYS[2], iaCap)
  if ia ~= nil and ia < at then at, key, cap = ia, KEYS[2], iaCap end
end
if at - now > tonumber(ARGV[6]) then return {0, at} end
redis.call('RPUSH', key, at)
redis.call('LTRIM', key, -cap, -1)
redis.call('PEXPIRE', key, ARGV[7])
return {1, at}
`;

// KEYS: pause. ARGV: until, TTL (ms).
const PAUSE = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1
`;

type Run = <T>(op: string, fn: (redis: UpstashRedis) => Promise<T>) => Promise<{ ok: true; value: T } | { ok: false; reason: string }>;

/** Through the app's Redis layer (deadline, breaker, slow-call log). */
const viaApp: Run = (op, fn) => redisCall(op, {}, (backend) => fn(backend.upstash));

function viaClient(redis: UpstashRedis, timeoutMs: number): Run {
  return async (_op, fn) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        fn(redis),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  };
}

export class RedisBudget implements AdvboxBudget {
  private readonly run: Run;
  private readonly fallback: MemoryBudget;
  private readonly policies: Record<AdvboxOperation, BudgetPolicy>;

  /** With `redis`, that client (tests: a second "instance"); else the app's configured Redis. */
  constructor(
    options: { redis?: UpstashRedis; timeoutMs?: number; policies?: Record<AdvboxOperation, BudgetPolicy>; fallback?: MemoryBudget } = {},
  ) {
    this.policies = options.policies ?? ADVBOX_BUDGET;
    this.run = options.redis ? viaClient(options.redis, options.timeoutMs ?? 1000) : viaApp;
    this.fallback = options.fallback ?? new MemoryBudget(this.policies);
  }

  private keys(key: string, op: AdvboxOperation): [string, string, string] {
    const base = `${BUDGET_PREFIX}:${key}:${op}`;
    return [`${base}:bg`, `${base}:ia`, `${base}:pause`];
  }

  async reserve(r: SlotRequest): Promise<Grant> {
    const policy = this.policies[r.op];
    const cap = capacities(policy);
    const window = policy.windowMs + policy.marginMs;
    const now = Math.floor(r.now);
    const maxWait = Number.isFinite(r.maxWaitMs) ? Math.floor(r.maxWaitMs) : 2 ** 50;
    const out = await this.run('ADVBOX_BUDGET', (redis) =>
      redis.eval<string[], [number, number]>(RESERVE, this.keys(r.key, r.op), [
        String(now),
        String(window),
        String(cap.background),
        String(cap.interactive),
        r.interactive ? '1' : '0',
        String(maxWait),
        String(window * 2),
      ]),
    );
    if (!out.ok) {
      redisLogger.throttled('advbox-budget', 'warn', 'Advbox budget: Redis unavailable, counting in this process', { reason: out.reason });
      return this.fallback.reserve(r);
    }
    const [granted, at] = out.value;
    return { granted: Number(granted) === 1, at: Number(at) };
  }

  async pause(key: string, op: AdvboxOperation, untilMs: number, now: number): Promise<void> {
    await this.fallback.pause(key, op, untilMs);
    const ttl = Math.max(1000, Math.ceil(untilMs - now) + 1000);
    await this.run('ADVBOX_BUDGET_PAUSE', (redis) => redis.eval<string[], number>(PAUSE, [this.keys(key, op)[2]], [String(Math.ceil(untilMs)), String(ttl)]));
  }
}
