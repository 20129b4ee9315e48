// The webhook burst's load generator, run as a child process (fork, IPC) so
// that the senders' own work (JSON, sockets, timers) does not share the
// event loop of the process whose acknowledgement time is measured.
// Parent → { url, headers, bodies, senders }; child → { acks (ms, in
// completion order), statuses, sendMs, back (ms from the server's answer to
// the sender having read it), cpuMs (this process's CPU during the burst) }.
// Each POST carries x-bench-sent-at (epoch ms) so the server can tell how
// long a request took to reach it.
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
  /** Per answer carrying x-bench-answered-at: ms from the server's answer to the sender having read it. */
  back: number[];
  statuses: Record<string, number>;
  sendMs: number;
  /** User + system CPU of the sender process during the burst. */
  cpuMs: number;
}

const epoch = () => performance.timeOrigin + performance.now();

async function burst(req: BurstRequest): Promise<BurstResult> {
  const acks: number[] = [];
  const back: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: req.senders }, async () => {
      while (next < req.bodies.length) {
        const body = req.bodies[next++]!;
        const s = performance.now();
        let status = 'error';
        try {
          const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bench-sent-at': String(epoch()), ...req.headers }, body });
          await res.arrayBuffer();
          const answered = Number(res.headers.get('x-bench-answered-at'));
          if (answered > 0) back.push(epoch() - answered);
          status = String(res.status);
        } finally {
          acks.push(performance.now() - s);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  const sendMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { acks, back, statuses, sendMs, cpuMs: (cpu.user + cpu.system) / 1000 };
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
