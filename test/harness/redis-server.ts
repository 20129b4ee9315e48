// A redis-server of our own for one test run: a free port on 127.0.0.1, no
// persistence, its working directory a temp folder removed on stop.
//
// It runs under a small sh watchdog whose stdin is a pipe from this process.
// However this process ends (normally, a failed run, Ctrl-C, SIGTERM, even
// SIGKILL) the kernel closes that pipe, the watchdog's `read` returns, and it
// stops the server and removes its folder: no run leaves a redis-server behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '@/lib/db/embedded';

// $1: the server's temp folder; then the server's command. The reader waits
// for EOF on the pipe (fd 3: a background job's stdin is /dev/null) and then
// stops the server; the watchdog itself exits when the server does, having
// removed the folder.
const WATCHDOG = `dir=$1; shift
exec 3<&0
"$@" 3<&- &
pid=$!
{ read -r _ <&3 || :; kill "$pid" 2>/dev/null; } &
reader=$!
exec 3<&-
trap 'kill "$pid" 2>/dev/null' INT TERM HUP
wait "$pid"
while kill -0 "$pid" 2>/dev/null; do wait "$pid"; done
kill "$reader" 2>/dev/null
rm -rf "$dir"`;

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Whether a Redis answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface StartedRedis {
  url: string;
  port: number;
  /** The redis-server process (not its watchdog). */
  pid: number;
  /** Its working directory, removed when it stops. */
  dir: string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}

/** The pid of the Redis at `url` if it is the one working in `dir` (not another that took the port). */
async function ownPid(url: string, dir: string): Promise<number | undefined> {
  if (!(await redisAnswers(url, 300))) return undefined;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    const [, serverDir] = (await client.config('GET', 'dir')) as string[];
    if (serverDir !== realpathSync(dir)) return undefined;
    return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

async function startOnce(binary: string, port: number): Promise<StartedRedis | { busy: boolean; error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-test-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  args.push('--dir', dir, '--logfile', join(dir, 'redis.log'));
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'redis-watchdog', dir, binary, ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the watchdog nor its pipe keeps this process alive: the pipe
  // closing when this process ends is what stops the server.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.stdin?.on('error', () => {});
  const url = `redis://127.0.0.1:${port}`;

  let pid: number | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      watchdog.ref(); // wait for it even if nothing else keeps this process busy
      watchdog.stdin?.end(); // the reader stops the server; the watchdog removes dir and exits
      const timer = setTimeout(() => {
        for (const p of [pid, watchdog.pid]) {
          try {
            if (p) process.kill(p, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, STOP_TIMEOUT_MS);
      await exited(watchdog);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    })());

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && watchdog.exitCode === null && watchdog.signalCode === null) {
    pid = await ownPid(url, dir);
    if (pid) return { url, port, pid, dir, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = readLog(dir);
  const why = Date.now() >= deadline ? `no answer within ${START_TIMEOUT_MS} ms` : 'it exited without answering';
  await stop();
  return { busy: /address already in use/i.test(log), error: log ? `${why}: ${log}` : why };
}

/** Starts `binary` on a free port (another one if that port was taken meanwhile). */
export async function startRedisServer(binary: string): Promise<StartedRedis> {
  let error = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await startOnce(binary, await freePort());
    if ('url' in result) return result;
    error = result.error;
    if (!result.busy) break;
  }
  throw new Error(`${binary} did not start: ${error}`);
}
