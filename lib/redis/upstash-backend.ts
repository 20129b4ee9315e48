// Upstash REST backend. The client is configured so that one call is exactly
// one HTTP request bounded by the timeout: no retries (a retried EVAL of the
// rate limiter could count a request twice), no auto-pipelining (a slow
// command would hold up the batch it shares), values stored and read as raw
// strings (JSON is handled by the cache layer).
import { Redis } from '@upstash/redis';
import type { RedisBackend } from './backend';

export function createUpstashBackend(url: string, token: string, timeoutMs: number): RedisBackend {
  const client = new Redis({
    url,
    token,
    automaticDeserialization: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
    retry: { retries: 0 },
    // A function, so each request gets a fresh deadline (a shared signal would stay aborted).
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  return {
    kind: 'upstash',
    upstash: client,
    get: (key) => client.get<string>(key),
    mget: (keys) => client.mget<(string | null)[]>(keys),
    set: async (key, value, ttlSeconds) => {
      await client.set(key, value, { ex: ttlSeconds });
    },
    del: (keys) => client.del(...keys),
    incrWithTtl: async (key, ttlSeconds) => {
      const [value] = await client.multi().incr(key).expire(key, ttlSeconds).exec<[number, number]>();
      return value;
    },
    scan: async (cursor, match, count) => {
      const [next, keys] = await client.scan(cursor, { match, count });
      return [String(next), keys];
    },
    ping: async () => {
      await client.ping();
    },
    close: async () => {},
  };
}
