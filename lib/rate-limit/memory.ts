// Per-process sliding window with exactly the algorithm of
// @upstash/ratelimit's slidingWindow (two fixed windows, the previous one
// weighted by how much of it still overlaps the sliding window), so results
// match whichever backend is in use. It counts only in THIS process: with N
// app instances a client gets up to N × limit. Used when Redis is not
// configured (see limit.ts).
import { onRedisReset } from '@/lib/redis/client';
import type { RateLimitPolicy } from './policies';
import { retryAfterSeconds, type RateLimitResult } from './result';

interface Counter {
  window: number;
  current: number;
  previous: number;
  windowMs: number;
}

const SWEEP_AT = 10_000;
const counters = new Map<string, Counter>();

function sweep(now: number): void {
  for (const [key, c] of counters) {
    if (Math.floor(now / c.windowMs) - c.window > 1) counters.delete(key);
  }
}

export function memoryLimit(policyKey: string, policy: RateLimitPolicy, identifier: string, now = Date.now()): RateLimitResult {
  if (counters.size >= SWEEP_AT) sweep(now);
  const windowMs = policy.windowSeconds * 1000;
  const window = Math.floor(now / windowMs);
  const key = `${policyKey}:${identifier}`;
  let c = counters.get(key);
  if (!c || c.windowMs !== windowMs) {
    c = { window, current: 0, previous: 0, windowMs };
    counters.set(key, c);
  } else if (c.window !== window) {
    c.previous = c.window === window - 1 ? c.current : 0;
    c.current = 0;
    c.window = window;
  }
  const reset = (window + 1) * windowMs;
  const weightedPrevious = Math.floor((1 - (now % windowMs) / windowMs) * c.previous);
  if (weightedPrevious + c.current >= policy.limit) {
    return { success: false, limit: policy.limit, remaining: 0, reset, retryAfterSeconds: retryAfterSeconds(false, reset, now) };
  }
  c.current += 1;
  const remaining = Math.max(0, policy.limit - (c.current + weightedPrevious));
  return { success: true, limit: policy.limit, remaining, reset, retryAfterSeconds: 0 };
}

export function resetMemoryLimits(): void {
  counters.clear();
}
onRedisReset(resetMemoryLimits);
