// The Upstash REST bridge (tools/upstash-bridge/server.ts) in a child process
// of its own, as Upstash is a separate service in production: it then shares
// neither an event loop with the load generator nor one with the code timed
// in-process. Its command counters are reached over IPC.
//   parent: const bridge = await startBridgeProcess({ redisUrl, db });
//   child:  this file run directly (node --import tsx bench/lib/bridge-process.ts)
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { BridgeStats } from '@/tools/upstash-bridge/server';

type Request = { id: number; op: 'stats' | 'resetStats' | 'close' };
type Reply = { id: number; stats?: BridgeStats } | { ready: { url: string; token: string } } | { failed: string };

export interface BridgeProcess {
  url: string;
  token: string;
  stats(): Promise<BridgeStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

const self = fileURLToPath(import.meta.url);

export async function startBridgeProcess(options: { redisUrl: string; db: number }): Promise<BridgeProcess> {
  const token = randomBytes(16).toString('hex');
  const child = fork(self, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_BRIDGE_CHILD: '1', BENCH_BRIDGE_REDIS_URL: options.redisUrl, BENCH_BRIDGE_DB: String(options.db), BENCH_BRIDGE_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (r: Reply) => void>();
  let nextId = 0;
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bridge process exited (${code})`)));
    child.on('message', (m: Reply) => {
      if ('ready' in m) resolve(m.ready);
      else if ('failed' in m) reject(new Error(m.failed));
      else pending.get(m.id)?.(m);
    });
  });
  const ask = (op: Request['op']) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      pending.set(id, (r) => {
        pending.delete(id);
        resolve(r);
      });
      child.send({ id, op } satisfies Request);
    });
  const { url } = await ready;
  return {
    url,
    token,
    stats: async () => ((await ask('stats')) as { stats: BridgeStats }).stats,
    resetStats: async () => {
      await ask('resetStats');
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: nextId++, op: 'close' } satisfies Request); // answered by exiting
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function runChild(): Promise<void> {
  const { startUpstashBridge } = await import('@/tools/upstash-bridge/server');
  try {
    const bridge = await startUpstashBridge({
      redisUrl: process.env.BENCH_BRIDGE_REDIS_URL,
      db: Number(process.env.BENCH_BRIDGE_DB),
      token: process.env.BENCH_BRIDGE_TOKEN!,
    });
    process.on('message', (m: Request) => {
      if (m.op === 'stats') process.send!({ id: m.id, stats: bridge.stats() } satisfies Reply);
      else if (m.op === 'resetStats') {
        bridge.resetStats();
        process.send!({ id: m.id } satisfies Reply);
      } else {
        void bridge.close().finally(() => process.exit(0));
      }
    });
    // The parent going away (crash, SIGKILL) must not leave the bridge running.
    process.on('disconnect', () => void bridge.close().finally(() => process.exit(0)));
    process.send!({ ready: { url: bridge.url, token: bridge.token } } satisfies Reply);
  } catch (err) {
    process.send!({ failed: err instanceof Error ? err.message : String(err) } satisfies Reply);
    process.exit(1);
  }
}

if (process.env.BENCH_BRIDGE_CHILD === '1' && process.argv[1] === self) void runChild();
