// Plain Redis over TCP (REDIS_URL) for self-hosting. Commands fail fast
// instead of queueing while the connection is down (maxRetriesPerRequest 0)
// and time out with the same budget as the Upstash backend. The cache uses
// ioredis directly; @upstash/ratelimit gets an @upstash/redis client over the
// same connection (upstash-compat/tcp-requester.ts), so rate limits are
// shared across instances here too.
import { Redis } from 'ioredis';
import type { RedisBackend } from './backend';
import { redisLogger } from './log';
import { UpstashCommandExecutor } from './upstash-compat/executor';
import { TcpUpstashRequester } from './upstash-compat/tcp-requester';
import { RequesterRedis } from './upstash-backend';

export function createTcpBackend(url: string, timeoutMs: number): RedisBackend {
  const client = new Redis(url, {
    lazyConnect: true,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(1000, timeoutMs),
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  client.on('error', (err: Error) => redisLogger.throttled('tcp-connection', 'warn', 'connection error', { err: err.message }, 5000));
  return {
    kind: 'redis',
    upstash: new RequesterRedis(new TcpUpstashRequester(new UpstashCommandExecutor(client))),
    get: (key) => client.get(key),
    mget: (keys) => client.mget(keys),
    getrange: (key, start, end) => client.getrange(key, start, end),
    set: async (key, value, ttlSeconds) => {
      await client.set(key, value, 'EX', ttlSeconds);
    },
    del: (keys) => client.del(keys),
    incrWithTtl: async (key, ttlSeconds) => {
      const replies = await client.multi().incr(key).expire(key, ttlSeconds).exec();
      const [err, value] = replies?.[0] ?? [new Error('INCR got no reply')];
      if (err) throw err;
      return Number(value);
    },
    scan: (cursor, match, count) => client.scan(cursor, 'MATCH', match, 'COUNT', count),
    ping: async () => {
      await client.ping();
    },
    close: async () => {
      client.disconnect();
    },
  };
}
