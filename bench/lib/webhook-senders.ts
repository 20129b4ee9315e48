// The webhook burst's load generator, run as a child process (fork, IPC) so
// that the senders' own work (JSON, sockets, timers) does not share the
// event loop of the process whose acknowledgement time is measured.
// Parent → { url, headers, bodies, senders }; child → { acks (ms, in
// completion order), statuses, sendMs, back (ms from the server's answer to
// the sender having read it), cpuMs (this process's CPU during the burst) }.
// Each POST carries x-bench-sent-at (epoch ms) so the server can tell how
// long a request took to reach it.
//
// Two clients: 'http' (node:http, one keep-alive socket per sender; the
// default) and 'fetch' (undici, what the first rounds used). On this 2-core
// machine the load generator's own CPU is taken from the server it measures:
// fetch cost the sender process ~0.8 ms of CPU per POST against the trivial
// route, about twice the route's own; real Pluggy sends from its own servers.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export interface BurstRequest {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  senders: number;
  client?: 'http' | 'fetch';
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

interface Answer {
  status: number;
  answeredAt: number;
}

function viaFetch(req: BurstRequest): (body: string) => Promise<Answer> {
  return async (body) => {
    const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bench-sent-at': String(epoch()), ...req.headers }, body });
    await res.arrayBuffer();
    return { status: res.status, answeredAt: Number(res.headers.get('x-bench-answered-at')) };
  };
}

function viaHttp(req: BurstRequest, agent: http.Agent): (body: string) => Promise<Answer> {
  const u = new URL(req.url);
  return (body) =>
    new Promise<Answer>((resolve, reject) => {
      const r = http.request(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-bench-sent-at': String(epoch()), ...req.headers } },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, answeredAt: Number(res.headers['x-bench-answered-at']) }));
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end(body);
    });
}

async function burst(req: BurstRequest): Promise<BurstResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.senders });
  const send = req.client === 'fetch' ? viaFetch(req) : viaHttp(req, agent);
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
          const a = await send(body);
          if (a.answeredAt > 0) back.push(epoch() - a.answeredAt);
          status = String(a.status);
        } finally {
          acks.push(performance.now() - s);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  const sendMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
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
