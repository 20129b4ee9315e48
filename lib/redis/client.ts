// The lazily created Redis backend of this process: Upstash REST when
// UPSTASH_REDIS_REST_URL and _TOKEN are set, else plain Redis when REDIS_URL
// is set, else none (every caller then bypasses Redis). Created on first use,
// so importing this module never connects anywhere.
import { env } from '@/lib/env';
import type { RedisBackend } from './backend';
import { redisLogger } from './log';
import { createTcpBackend } from './tcp-backend';
import { createUpstashBackend } from './upstash-backend';

const DEFAULT_TIMEOUT_MS = 300;
const DEFAULT_SLOW_MS = 50;

// On globalThis: proxy.ts and the route handlers are separate bundles in one
// process; sharing the backend shares its keep-alive sockets and lets the
// transport batch the proxy's rate-limit calls with the routes' cache reads.
const BACKEND_KEY = Symbol.for('concilia.redisBackend');
const box = globalThis as Record<symbol, RedisBackend | null | undefined>;
const resetHooks = new Set<() => void>();

export function redisTimings(): { timeoutMs: number; slowMs: number } {
  try {
    const e = env();
    return { timeoutMs: e.REDIS_TIMEOUT_MS, slowMs: e.REDIS_SLOW_MS };
  } catch {
    return { timeoutMs: DEFAULT_TIMEOUT_MS, slowMs: DEFAULT_SLOW_MS };
  }
}

function createFromEnv(): RedisBackend | null {
  try {
    const e = env();
    if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
      return createUpstashBackend(e.UPSTASH_REDIS_REST_URL, e.UPSTASH_REDIS_REST_TOKEN, e.REDIS_TIMEOUT_MS);
    }
    if (e.REDIS_URL) return createTcpBackend(e.REDIS_URL, e.REDIS_TIMEOUT_MS);
    return null;
  } catch (err) {
    // A broken environment must not take the cache down with an exception on
    // every request; the env error itself surfaces at start-up.
    redisLogger.log('error', 'Redis disabled: invalid environment', { err });
    return null;
  }
}

/** The configured backend, or null when Redis is not configured. */
export function getRedisBackend(): RedisBackend | null {
  let backend = box[BACKEND_KEY];
  if (backend === undefined) backend = box[BACKEND_KEY] = createFromEnv();
  return backend;
}

export function isRedisConfigured(): boolean {
  return getRedisBackend() !== null;
}

/** Lets modules holding state derived from the client (rate limiters) drop it on reset. */
export function onRedisReset(hook: () => void): void {
  resetHooks.add(hook);
}

/** Forgets the client so the next call reads the environment again (tests change it between cases). */
export function resetRedisForTests(): void {
  const old = box[BACKEND_KEY];
  box[BACKEND_KEY] = undefined;
  for (const hook of resetHooks) hook();
  redisLogger.resetThrottle();
  old?.close().catch(() => {});
}
