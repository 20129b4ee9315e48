// Every Redis call goes through redisCall: bounded by REDIS_TIMEOUT_MS, timed
// (calls slower than REDIS_SLOW_MS are logged with the tenant), and never
// throwing — the caller gets an outcome and decides (reads fail open, writes
// are dropped, the rate limiter applies its policy's fail mode).
import { observeRedis, setRedisBreaker } from '@/lib/metrics/observe';
import { getRedisBackend, onRedisReset, redisTimings } from './client';
import type { RedisBackend } from './backend';
import { redisLogger, tenantOfKey } from './log';

export type RedisOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'absent' | 'timeout' | 'error' };

export class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
}

function withDeadline<T>(work: Promise<T>, ms: number, op: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(`${op} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function isTimeout(err: unknown): boolean {
  if (err instanceof RedisTimeoutError) return true;
  const e = err as { name?: unknown; message?: unknown } | null;
  return e?.name === 'TimeoutError' || /timed? ?out/i.test(String(e?.message ?? ''));
}

// After a timeout, reads and rate-limit checks skip Redis for a short while
// instead of each waiting out the deadline again (a request touches Redis
// several times). Invalidations (INCR, DEL) and PING always try: a lost
// invalidation would leave stale data behind once Redis recovers.
export const BREAKER_OPEN_MS = 2000;
let breakerOpenUntil = 0;
const ALWAYS_TRY = new Set(['INCR', 'DEL', 'PING']);

export function resetRedisBreaker(): void {
  breakerOpenUntil = 0;
  setRedisBreaker(false);
}
onRedisReset(resetRedisBreaker);

export async function redisCall<T>(
  op: string,
  target: { key?: string; tenantId?: string },
  fn: (backend: RedisBackend) => Promise<T>,
): Promise<RedisOutcome<T>> {
  const backend = getRedisBackend();
  if (!backend) return { ok: false, reason: 'absent' };
  if (performance.now() < breakerOpenUntil && !ALWAYS_TRY.has(op)) {
    observeRedis(op, 'skipped', 0);
    return { ok: false, reason: 'timeout' };
  }
  const { timeoutMs, slowMs } = redisTimings();
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const value = await withDeadline(fn(backend), timeoutMs, op);
    if (breakerOpenUntil) setRedisBreaker(false);
    breakerOpenUntil = 0;
    const ms = elapsed();
    observeRedis(op, 'ok', ms / 1000);
    if (ms > slowMs) {
      redisLogger.log('warn', 'slow call', { op, tenantId: target.tenantId ?? tenantOfKey(target.key), ms, backend: backend.kind });
    }
    return { ok: true, value };
  } catch (err) {
    const reason = isTimeout(err) ? 'timeout' : 'error';
    if (reason === 'timeout') {
      breakerOpenUntil = performance.now() + BREAKER_OPEN_MS;
      setRedisBreaker(true);
    }
    observeRedis(op, reason, elapsed() / 1000);
    redisLogger.throttled(`${reason}:${op}`, 'warn', reason === 'timeout' ? 'call timed out' : 'call failed', {
      op,
      tenantId: target.tenantId ?? tenantOfKey(target.key),
      ms: elapsed(),
      backend: backend.kind,
      err: err instanceof Error ? err.message : String(err),
    });
    return { ok: false, reason };
  }
}
