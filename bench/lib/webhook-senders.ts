// The webhook burst's load generator, run as a child process (fork, IPC) so
// that the senders' own work (JSON, sockets, timers) does not share the
// event loop of the process whose acknowledgement time is measured.
// Parent → { url, headers, bodies, senders }; child → { acks (ms, in
// completion order), statuses, sendMs }.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BurstRequest {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  senders: number;
}

export interface BurstResult {
  acks: number[];
  statuses: Record<string, number>;
  sendMs: number;
}

async function burst(req: BurstRequest): Promise<BurstResult> {
  const acks: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: req.senders }, async () => {
      while (next < req.bodies.length) {
        const body = req.bodies[next++]!;
        const s = performance.now();
        let status = 'error';
        try {
          const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body });
          await res.arrayBuffer();
          status = String(res.status);
        } finally {
          acks.push(performance.now() - s);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  return { acks, statuses, sendMs: performance.now() - t0 };
}

export interface Senders {
  burst(req: BurstRequest): Promise<BurstResult>;
  close(): Promise<void>;
}

/** Forks the sender process (this file). */
export async function startSenders(): Promise<Senders> {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`webhook senders exited (${code})`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    burst: (req) =>
      new Promise<BurstResult>((resolve, reject) => {
        child.once('message', (m: { ok: true; result: BurstResult } | { ok: false; error: string }) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
        child.send(req);
      }),
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

if (process.argv.includes('--child') && process.send) {
  process.on('message', (req: BurstRequest) => {
    burst(req).then(
      (result) => process.send!({ ok: true, result }),
      (err: unknown) => process.send!({ ok: false, error: String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
