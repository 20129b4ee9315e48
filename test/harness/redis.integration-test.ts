// Which Redis `npm test` uses, on real servers: the run's own Redis stands in
// for "given" and "local"; the "started" cases spawn a real redis-server.
// Every case passes its inputs, so TEST_REDIS_URL/_SERVER do not change them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '@/lib/db/embedded';
import { defaultSearchPath, findExecutable } from '@/test/harness/executables';
import { redisAnswers } from '@/test/harness/redis-server';
import { selectTestRedis } from '@/test/harness/redis';

const runRedis = inject('redisUrl');
const binary = findExecutable(['redis-server'], defaultSearchPath());
const nothingAt = async () => `redis://127.0.0.1:${await freePort()}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (check()) return true;
  }
  return check();
}

describe('where npm test finds Redis', () => {
  it.skipIf(runRedis === null)('uses TEST_REDIS_URL when it answers, starting nothing', async () => {
    const s = await selectTestRedis({ url: runRedis, binary: '/nonexistent', ci: true });
    expect(s).toMatchObject({ url: runRedis, source: 'TEST_REDIS_URL' });
  });

  it.skipIf(runRedis === null)('uses the local Redis when it answers', async () => {
    const s = await selectTestRedis({ url: null, localUrl: runRedis!, binary: '/nonexistent', ci: true });
    expect(s).toMatchObject({ url: runRedis, source: 'local' });
  });

  it.skipIf(!binary)('starts a redis-server for the run when none answers, without persistence, and stops it', async () => {
    const given = await nothingAt();
    const s = await selectTestRedis({ url: given, binary: null, ci: true });
    expect(s.source).toBe('started');
    expect(s.url).not.toBe(given);
    expect(s.summary).toContain(`nothing answers at TEST_REDIS_URL ${given}; started ${binary}`);
    const client = new Redis(s.url!, { db: 15 });
    let pid: number, dir: string;
    try {
      await client.set('harness:probe', 'olá', 'EX', 60);
      expect(await client.get('harness:probe')).toBe('olá');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      dir = String(((await client.config('GET', 'dir')) as string[])[1]);
      pid = Number(/process_id:(\d+)/.exec(await client.info('server'))![1]);
    } finally {
      client.disconnect();
      await s.stop();
    }
    expect(isAlive(pid)).toBe(false);
    expect(await redisAnswers(s.url!)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(!binary)('takes the binary from TEST_REDIS_SERVER, searching nowhere else', async () => {
    const s = await selectTestRedis({ url: await nothingAt(), binary: binary!, searchPath: [], ci: true });
    try {
      expect(s.source).toBe('started');
      expect(await redisAnswers(s.url!)).toBe(true);
    } finally {
      await s.stop();
    }
    const none = await selectTestRedis({ url: await nothingAt(), binary: '/nonexistent/redis-server', ci: false });
    expect(none.source).toBe('none');
    expect(none.summary).toContain('TEST_REDIS_SERVER /nonexistent/redis-server is not an executable file');
  });

  it('says so when the redis-server found does not start', async () => {
    const started = Date.now();
    await expect(selectTestRedis({ url: await nothingAt(), binary: '/bin/false', ci: false })).rejects.toThrow('/bin/false did not start: it exited without answering');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(!binary)('a server started for the run stops when the process that started it is killed', async () => {
    const harness = fileURLToPath(new URL('./redis-server.ts', import.meta.url));
    const script = `import { startRedisServer } from ${JSON.stringify(harness)};
      const s = await startRedisServer(${JSON.stringify(binary)});
      console.log(JSON.stringify({ pid: s.pid, url: s.url, dir: s.dir }));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pid: number; url: string; dir: string }>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (chunk: Buffer) => {
        out += chunk;
        if (out.includes('\n')) resolve(JSON.parse(out));
      });
      parent.once('exit', (code) => reject(new Error(`exited with ${code} before starting Redis`)));
    });
    expect(await redisAnswers(started.url)).toBe(true);
    expect(existsSync(started.dir)).toBe(true);
    parent.kill('SIGKILL');
    expect(await until(() => !isAlive(started.pid) && !existsSync(started.dir), 5_000)).toBe(true);
    expect(await redisAnswers(started.url)).toBe(false);
  }, 30_000);

  it('with none possible outside CI, skips the Redis-backed suites with one line saying why and how to enable them', async () => {
    const given = await nothingAt();
    const s = await selectTestRedis({ url: given, binary: null, searchPath: [], ci: false });
    expect(s).toMatchObject({ url: null, source: 'none' });
    expect(s.summary).not.toContain('\n');
    expect(s.summary).toContain(`SKIPPING the Redis-backed suites: no Redis (nothing answers at TEST_REDIS_URL ${given}; no redis-server`);
    expect(s.summary).toMatch(/apt-get install redis-server.*TEST_REDIS_URL.*CI=true/);
  });

  it('with none possible under CI, fails', async () => {
    const local = await nothingAt();
    await expect(selectTestRedis({ url: null, localUrl: local, binary: null, searchPath: [], ci: true })).rejects.toThrow(
      `CI=true needs Redis for the Redis-backed suites, and none can be had: nothing answers at ${local}; no redis-server`,
    );
  });
});
