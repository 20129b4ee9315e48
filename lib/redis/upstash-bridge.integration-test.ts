// The bridge of tools/upstash-bridge (vitest does not collect tests under
// tools/, so they live here): the REST protocol as @upstash/redis and
// @upstash/ratelimit use it, against the real Redis.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Ratelimit } from '@upstash/ratelimit';
import { noRedis, scratchBridge } from '@/test/redis';
import { rewriteScript, sha1 } from '@/lib/redis/upstash-compat/lua-compat';

const ns = `bridge-test:${randomUUID()}`;
const scratch = scratchBridge(ns);

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${scratch.bridge.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${scratch.bridge.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe.skipIf(noRedis)('REST protocol', () => {
  it('runs a single command and returns {result}', async () => {
    expect(await post('/', ['SET', `${ns}:a`, 'olá'])).toEqual({ status: 200, body: { result: 'OK' } });
    expect(await post('/', ['get', `${ns}:a`])).toEqual({ status: 200, body: { result: 'olá' } });
    expect(await post('/', ['GET', `${ns}:missing`])).toEqual({ status: 200, body: { result: null } });
    expect(await post('/', ['INCR', `${ns}:n`])).toEqual({ status: 200, body: { result: 1 } });
    expect(await scratch.raw.get(`${ns}:a`)).toBe('olá');
  });

  it('runs the path form', async () => {
    const res = await fetch(`${scratch.bridge.url}/set/${encodeURIComponent(`${ns}:p`)}/v1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${scratch.bridge.token}` },
    });
    expect(await res.json()).toEqual({ result: 'OK' });
    expect(await scratch.raw.get(`${ns}:p`)).toBe('v1');
  });

  it('answers 400 {error} for a Redis error', async () => {
    await scratch.raw.set(`${ns}:str`, 'x');
    const res = await post('/', ['INCR', `${ns}:str`]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringMatching(/^ERR value is not an integer/) });
    expect((await post('/', ['SELECT', '1'])).status).toBe(400);
    expect((await post('/', 'not an array')).status).toBe(400);
  });

  it('requires the bearer token', async () => {
    for (const auth of [undefined, 'Bearer wrong', 'secret-token']) {
      const res = await fetch(`${scratch.bridge.url}/`, {
        method: 'POST',
        headers: auth ? { Authorization: auth } : {},
        body: JSON.stringify(['PING']),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'Unauthorized' });
    }
  });

  it('runs a pipeline, with per-command errors', async () => {
    await scratch.raw.set(`${ns}:pipe-str`, 'x');
    const res = await post('/pipeline', [
      ['SET', `${ns}:pipe`, '1'],
      ['INCR', `${ns}:pipe`],
      ['INCR', `${ns}:pipe-str`],
      ['GET', `${ns}:pipe`],
      ['BLPOP', `${ns}:list`, '0'],
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { result: 'OK' },
      { result: 2 },
      { error: expect.stringMatching(/^ERR value is not an integer/) },
      { result: '2' },
      { error: expect.stringMatching(/not supported/) },
    ]);
  });

  it('runs multi-exec as one transaction', async () => {
    const res = await post('/multi-exec', [
      ['SET', `${ns}:tx`, '10'],
      ['INCRBY', `${ns}:tx`, '5'],
      ['GET', `${ns}:tx`],
    ]);
    expect(res).toEqual({ status: 200, body: [{ result: 'OK' }, { result: 15 }, { result: '15' }] });
    // A command Redis rejects while queueing aborts the whole transaction.
    const aborted = await post('/multi-exec', [['SET', `${ns}:tx2`, '1'], ['SET']]);
    expect(aborted.status).toBe(400);
    expect(await scratch.raw.exists(`${ns}:tx2`)).toBe(0);
  });

  it('base64-encodes every string (nested too) but not integers or nil', async () => {
    await scratch.raw.hset(`${ns}:h`, 'f', 'valor');
    const headers = { 'Upstash-Encoding': 'base64' };
    expect((await post('/', ['GET', `${ns}:h-missing`], headers)).body).toEqual({ result: null });
    expect((await post('/', ['HGETALL', `${ns}:h`], headers)).body).toEqual({ result: [b64('f'), b64('valor')] });
    expect((await post('/', ['EVAL', 'return {1, "x", {2, "y"}}', '0'], headers)).body).toEqual({
      result: [1, b64('x'), [2, b64('y')]],
    });
    expect((await post('/pipeline', [['SET', `${ns}:e`, 'é'], ['GET', `${ns}:e`], ['INCR', `${ns}:en`]], headers)).body).toEqual([
      { result: b64('OK') },
      { result: b64('é') },
      { result: 1 },
    ]);
  });
});

describe.skipIf(noRedis)('@upstash/redis through the bridge', () => {
  const client = () => new UpstashRedis({ url: scratch.bridge.url, token: scratch.bridge.token, enableTelemetry: false });

  it('reads and writes with the default (base64, auto-pipelined) client', async () => {
    const redis = client();
    await redis.set(`${ns}:json`, { a: 1, s: 'ção' }, { ex: 60 });
    expect(await redis.get(`${ns}:json`)).toEqual({ a: 1, s: 'ção' });
    await redis.hset(`${ns}:hash`, { x: 'um', y: 2 });
    expect(await redis.hgetall(`${ns}:hash`)).toEqual({ x: 'um', y: 2 });
    expect(await redis.mget(`${ns}:json`, `${ns}:none`)).toEqual([{ a: 1, s: 'ção' }, null]);
    expect(await redis.ping()).toBe('PONG');
    const tx = redis.multi();
    tx.incr(`${ns}:c`);
    tx.incr(`${ns}:c`);
    expect(await tx.exec()).toEqual([1, 2]);
    expect(await scratch.raw.pttl(`${ns}:json`)).toBeGreaterThan(59_000);
  });

  it('surfaces Redis errors as exceptions', async () => {
    await scratch.raw.set(`${ns}:not-int`, 'x');
    await expect(client().incr(`${ns}:not-int`)).rejects.toThrow(/not an integer/);
  });
});

describe.skipIf(noRedis)('Lua scripts with the allow-key-locking flag (Redis 7.0 rejects it)', () => {
  const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])';

  it('rewrites only the unsupported flag', () => {
    expect(rewriteScript(script)).toBe('#!lua\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])');
    expect(rewriteScript('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
    expect(rewriteScript('#!lua flags=no-writes\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
    expect(rewriteScript('return 1')).toBe('return 1');
  });

  it('EVAL runs, then EVALSHA of the ORIGINAL script SHA runs', async () => {
    const key = `${ns}:lua`;
    expect((await post('/', ['EVAL', script, '1', key, '2'])).body).toEqual({ result: 2 });
    expect((await post('/', ['EVALSHA', sha1(script), '1', key, '3'])).body).toEqual({ result: 5 });
    expect((await post('/', ['SCRIPT', 'EXISTS', sha1(script), 'f'.repeat(40)])).body).toEqual({ result: [1, 0] });
  });

  it('SCRIPT LOAD returns the original SHA; an unknown SHA is NOSCRIPT', async () => {
    const other = `${script}\n-- ${randomUUID()}`;
    expect((await post('/', ['SCRIPT', 'LOAD', other])).body).toEqual({ result: sha1(other) });
    expect((await post('/', ['EVALSHA', sha1(other), '1', `${ns}:lua2`, '1'])).body).toEqual({ result: 1 });
    const unknown = await post('/', ['EVALSHA', 'a'.repeat(40), '0']);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: expect.stringMatching(/^NOSCRIPT/) });
  });

  it('@upstash/ratelimit works through it (EVALSHA → NOSCRIPT → EVAL → EVALSHA)', async () => {
    const ratelimit = new Ratelimit({
      redis: new UpstashRedis({ url: scratch.bridge.url, token: scratch.bridge.token, enableTelemetry: false }),
      limiter: Ratelimit.slidingWindow(3, '60 s'),
      prefix: `${ns}:rl`,
      ephemeralCache: false,
      analytics: false,
    });
    const id = randomUUID();
    scratch.bridge.resetStats();
    const results: Awaited<ReturnType<typeof ratelimit.limit>>[] = [];
    for (let i = 0; i < 4; i++) results.push(await ratelimit.limit(id));
    const windowEdgeCrossed = results.some((r) => r.reset !== results[0]!.reset);
    if (!windowEdgeCrossed) {
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    }
    expect(results.every((r) => r.limit === 3 && r.reset > Date.now())).toBe(true);
    // First call: EVALSHA of the original SHA is NOSCRIPT, the client EVALs; then EVALSHA only.
    expect(scratch.bridge.stats().byCommand).toEqual({ EVALSHA: 4, EVAL: 1 });
  });
});

describe.skipIf(noRedis)('stats', () => {
  it('counts every command, pipelined ones included', async () => {
    scratch.bridge.resetStats();
    await post('/', ['GET', `${ns}:x`]);
    await post('/pipeline', [['GET', `${ns}:x`], ['INCR', `${ns}:y`]]);
    expect(scratch.bridge.stats()).toEqual({ total: 3, byCommand: { GET: 2, INCR: 1 } });
  });
});
