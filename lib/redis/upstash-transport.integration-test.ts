// The batching transport under @upstash/redis, against the real Redis
// through the Upstash REST bridge.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { noRedis, scratchBridge, startBlackHole } from '@/test/redis';
import { UpstashTransport } from './upstash-transport';

const ns = `transport-test:${randomUUID()}`;
const scratch = scratchBridge(ns);

function client(transport: UpstashTransport): Redis {
  return new Redis(transport);
}

describe.skipIf(noRedis)('UpstashTransport', () => {
  it('sends the commands of concurrent callers as one pipeline and gives each its own reply', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000 });
    const redis = client(transport);
    await scratch.raw.set(`${ns}:a`, 'alpha');
    await scratch.raw.set(`${ns}:b`, 'beta');
    const replies = await Promise.all([
      redis.get(`${ns}:a`),
      redis.incr(`${ns}:n`),
      redis.get(`${ns}:b`),
      redis.get(`${ns}:missing`),
      redis.incr(`${ns}:n`),
    ]);
    expect(replies).toEqual(['alpha', 1, 'beta', null, 2]);
    expect(transport.stats).toMatchObject({ httpRequests: 1, commands: 5, maxBatch: 5 });
    transport.close();
  });

  it('isolates a failing command: the others in its batch still succeed', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000 });
    const redis = client(transport);
    await scratch.raw.set(`${ns}:str`, 'not a number');
    const [bad, good] = await Promise.allSettled([redis.incr(`${ns}:str`), redis.set(`${ns}:ok`, 'v')]);
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/not an integer/);
    expect(good).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(await scratch.raw.get(`${ns}:ok`)).toBe('v');
    transport.close();
  });

  it('sends a lone command on its own, and rejects it with the error Redis gave', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000 });
    const redis = client(transport);
    await expect(redis.incr(`${ns}:str`)).rejects.toThrow(/not an integer/);
    expect(transport.stats).toMatchObject({ httpRequests: 1, commands: 1, maxBatch: 1 });
    transport.close();
  });

  it('splits a queue longer than maxBatch into several pipelines', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000, maxBatch: 4 });
    const redis = client(transport);
    const values = await Promise.all(Array.from({ length: 10 }, (_, i) => redis.incr(`${ns}:split:${i}`)));
    expect(values).toEqual(Array(10).fill(1));
    expect(transport.stats.maxBatch).toBe(4);
    expect(transport.stats.httpRequests).toBe(3);
    transport.close();
  });

  it('holds commands while maxInFlight batches are out, then sends them as one', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000, maxInFlight: 1 });
    const redis = client(transport);
    const first = redis.incr(`${ns}:held:0`);
    await new Promise((r) => setImmediate(r)); // the first has left and is in flight
    const rest = Promise.all(Array.from({ length: 5 }, (_, i) => redis.incr(`${ns}:held:${i + 1}`)));
    expect(await first).toBe(1);
    expect(await rest).toEqual([1, 1, 1, 1, 1]);
    expect(transport.stats).toMatchObject({ httpRequests: 2, commands: 6, maxBatch: 5 });
    transport.close();
  });

  it('keeps transactions and explicit pipelines intact', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000 });
    const redis = client(transport);
    const [tx, single] = await Promise.all([
      redis.multi().incr(`${ns}:tx`).expire(`${ns}:tx`, 60).exec(),
      redis.get(`${ns}:tx-other`),
    ]);
    expect(tx).toEqual([1, 1]);
    expect(single).toBeNull();
    expect(await scratch.raw.ttl(`${ns}:tx`)).toBeGreaterThan(50);
    transport.close();
  });

  it('runs @upstash/ratelimit, including its NOSCRIPT fallback, counting each call once', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: scratch.bridge.token, timeoutMs: 2000 });
    const limiter = new Ratelimit({ redis: client(transport), limiter: Ratelimit.slidingWindow(5, '60 s'), prefix: `${ns}:rl`, analytics: false });
    await scratch.raw.script('FLUSH');
    const results = await Promise.all(Array.from({ length: 7 }, () => limiter.limit('caller')));
    expect(results.filter((r) => r.success)).toHaveLength(5);
    expect(results.map((r) => r.remaining).sort((a, b) => a - b)).toEqual([0, 0, 0, 1, 2, 3, 4]); // 5 allowed (4…0 left), 2 denied (0)
    transport.close();
  });

  it('fails every command of a batch when the endpoint hangs, within the timeout', async () => {
    const hole = await startBlackHole();
    const transport = new UpstashTransport({ url: `http://127.0.0.1:${hole.port}`, token: 'x', timeoutMs: 150 });
    const redis = client(transport);
    const started = performance.now();
    const settled = await Promise.allSettled([redis.get('a'), redis.get('b')]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(String((settled[0] as PromiseRejectedResult).reason)).toMatch(/timed out/);
    transport.close();
    await hole.close();
  });

  it('does not send commands that waited past the deadline behind a slow batch', async () => {
    let received = 0;
    // Answers slowly: a byte of JSON whitespace every 40 ms for 250 ms, so
    // the socket never idles into the 100 ms timeout. Counts requests.
    const server = createServer((req, res) => {
      received++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":');
      const drip = setInterval(() => res.write(' '), 40);
      setTimeout(() => {
        clearInterval(drip);
        res.end('"slow"}');
      }, 250);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const transport = new UpstashTransport({ url: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 100, maxInFlight: 1 });
    const redis = client(transport);
    const first = redis.get('a');
    await new Promise((r) => setImmediate(r)); // the first is out, holding the only slot
    const queued = redis.set('late', 'write').catch((e: unknown) => e);
    expect(await first).toBe('slow');
    expect(String(await queued)).toMatch(/not sent.*timed out/);
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toBe(1);
    transport.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('rejects on a wrong token with the server message', async () => {
    const transport = new UpstashTransport({ url: scratch.bridge.url, token: 'wrong', timeoutMs: 2000 });
    await expect(client(transport).get('a')).rejects.toThrow(/HTTP 401|[Uu]nauthori[sz]ed|token/);
    transport.close();
  });

  it('carries the read-your-writes sync token from reply to the next request', async () => {
    const seen: (string | undefined)[] = [];
    let n = 0;
    const server = createServer((req, res) => {
      seen.push(req.headers['upstash-sync-token'] as string | undefined);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'upstash-sync-token': `sync-${++n}` });
        res.end(JSON.stringify({ result: 'OK' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const transport = new UpstashTransport({ url: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 2000 });
    const redis = client(transport);
    await redis.set('k', 'v');
    await redis.set('k', 'w');
    expect(seen).toEqual([undefined, 'sync-1']);
    transport.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
