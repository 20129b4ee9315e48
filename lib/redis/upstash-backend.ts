// Upstash REST backend: the real @upstash/redis client over our transport
// (upstash-transport.ts: cross-request batching, node:http keep-alive, plain
// JSON replies). Configured so that one call is one command executed once:
// no retries (a retried EVAL of the rate limiter could count a request
// twice), no SDK auto-pipelining (the transport batches across requests),
// values stored and read as raw strings (JSON is handled by the cache layer).
import { Redis, type Requester } from '@upstash/redis';
import type { RedisBackend } from './backend';
import { UpstashTransport } from './upstash-transport';

/** @upstash/redis with our command options over a custom Requester (the SDK's constructor drops them for one). */
export class RequesterRedis extends Redis {
  constructor(requester: Requester) {
    super(requester);
    this.opts = { automaticDeserialization: false };
    this.enableTelemetry = false;
    this.enableAutoPipelining = false;
  }
}

export function createUpstashBackend(url: string, token: string, timeoutMs: number): RedisBackend {
  const transport = new UpstashTransport({ url, token, timeoutMs });
  const client = new RequesterRedis(transport);
  return {
    kind: 'upstash',
    upstash: client,
    transport,
    get: (key) => client.get<string>(key),
    mget: (keys) => client.mget<(string | null)[]>(keys),
    getrange: (key, start, end) => client.getrange(key, start, end),
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
    close: async () => {
      transport.close();
    },
  };
}
