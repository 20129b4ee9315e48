// @upstash/redis over a plain Redis connection, in process (REDIS_URL).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis as IORedis } from 'ioredis';
import { RequesterRedis } from '@/lib/redis/upstash-backend';
import { noRedis, startBlackHole, TEST_REDIS_DB, TEST_REDIS_URL } from '@/test/redis';
import { UpstashCommandExecutor } from './executor';
import { TcpUpstashRequester } from './tcp-requester';

let raw: IORedis;
let redis: RequesterRedis;
let executor: UpstashCommandExecutor;
const ns = `tcp-requester:${randomUUID()}`;

beforeAll(() => {
  raw = new IORedis(TEST_REDIS_URL, { db: TEST_REDIS_DB });
  executor = new UpstashCommandExecutor(raw);
  redis = new RequesterRedis(new TcpUpstashRequester(executor));
});

afterAll(async () => {
  const keys = await raw.keys(`${ns}*`);
  if (keys.length) await raw.del(keys);
  raw.disconnect();
});

describe.skipIf(noRedis)('TcpUpstashRequester', () => {
  it('runs single commands with Upstash reply shapes (raw strings, integers, nil)', async () => {
    expect(await redis.set(`${ns}:a`, 'olá €', { ex: 60 })).toBe('OK');
    expect(await redis.get(`${ns}:a`)).toBe('olá €');
    expect(await redis.incr(`${ns}:n`)).toBe(1);
    expect(await redis.get(`${ns}:missing`)).toBeNull();
    expect(await redis.mget(`${ns}:a`, `${ns}:missing`)).toEqual(['olá €', null]);
  });

  it('answers a Redis error as the SDK expects (the call rejects with it)', async () => {
    await raw.set(`${ns}:s`, 'x');
    await expect(redis.incr(`${ns}:s`)).rejects.toThrow(/not an integer/);
  });

  it('runs pipelines (per-command errors) and transactions', async () => {
    const p = redis.pipeline();
    p.incr(`${ns}:p`);
    p.incr(`${ns}:s`);
    p.get(`${ns}:a`);
    const replies = await p.exec({ keepErrors: true });
    expect(replies[0]).toEqual({ result: 1, error: undefined });
    expect(replies[1]?.error).toMatch(/not an integer/);
    expect(replies[2]).toEqual({ result: 'olá €', error: undefined });
    expect(await redis.multi().incr(`${ns}:t`).expire(`${ns}:t`, 60).exec()).toEqual([1, 1]);
    expect(await raw.ttl(`${ns}:t`)).toBeGreaterThan(50);
  });

  it('refuses commands that would change the shared connection', async () => {
    await expect(redis.eval('return 1', [], [])).resolves.toBe(1);
    const r = await new TcpUpstashRequester(executor).request({ body: ['SELECT', '1'] });
    expect(r.error).toMatch(/not supported/);
  });

  it('rejects (does not answer) when Redis cannot be reached', async () => {
    const hole = await startBlackHole();
    const dead = new IORedis({ port: hole.port, lazyConnect: true, commandTimeout: 100, maxRetriesPerRequest: 0, connectTimeout: 100 });
    dead.on('error', () => {});
    const client = new RequesterRedis(new TcpUpstashRequester(new UpstashCommandExecutor(dead)));
    await expect(client.get('k')).rejects.toThrow();
    dead.disconnect();
    await hole.close();
  });
});
