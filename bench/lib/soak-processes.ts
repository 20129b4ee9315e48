// The processes `npm run soak` starts and kills: a redis-server of its own
// (so it can be killed and brought back on the same port), Next.js app
// instances on fixed ports (a killed one comes back where the balancer
// expects it), and a small round-robin balancer in front of them, as a
// production install has: a connection refused goes to the other instance
// (what nginx's proxy_next_upstream does), a request cut mid-way is a 502.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

export class RedisProcess {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly logFile: string,
  ) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    // No persistence: a restart comes back empty, as a cache that lost its memory.
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', this.logFile], {
      stdio: 'ignore',
    });
    this.child = child;
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(this.port, '127.0.0.1');
          s.once('connect', () => {
            s.write('PING\r\n');
            s.once('data', (d: Buffer) => {
              s.destroy();
              resolve(d.toString().startsWith('+PONG'));
            });
          });
          s.once('error', () => resolve(false));
        }),
      10_000,
      'redis-server',
    );
  }
  /** SIGKILL: the cache vanishes without a goodbye. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = null;
  }
}

export interface AppInstance {
  name: string;
  port: number;
  url: string;
  pid(): number | undefined;
  running(): boolean;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function appInstance(opts: { name: string; port: number; mode: 'start' | 'dev'; env: NodeJS.ProcessEnv; logDir: string; root: string }): AppInstance {
  const nextBin = join(opts.root, 'node_modules', 'next', 'dist', 'bin', 'next');
  let child: ChildProcess | null = null;
  const log: WriteStream = createWriteStream(join(opts.logDir, `app-${opts.name}.log`), { flags: 'a' });
  const url = `http://127.0.0.1:${opts.port}`;
  const onData = (d: Buffer) => log.write(d);
  return {
    name: opts.name,
    port: opts.port,
    url,
    pid: () => child?.pid,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    async start() {
      log.write(`\n===== start ${new Date().toISOString()} =====\n`);
      const env = {
        ...opts.env,
        PORT: String(opts.port),
        // next dev of two instances in one checkout needs a dist dir each (next.config.ts), outside .next, which next build empties.
        ...(opts.mode === 'dev' ? { CONCILIA_NEXT_DIST_DIR: `.next-soak-${opts.name}` } : {}),
      };
      const c = spawn(process.execPath, [nextBin, opts.mode, '-p', String(opts.port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.root });
      child = c;
      c.stdout?.on('data', onData);
      c.stderr?.on('data', onData);
      await waitFor(
        async () => {
          if (c.exitCode !== null) throw new Error(`app ${opts.name} exited (${c.exitCode}); see ${opts.logDir}/app-${opts.name}.log`);
          const res = await fetch(`${url}/api/health`);
          await res.arrayBuffer();
          return res.status < 500 || res.status === 503;
        },
        opts.mode === 'dev' ? 240_000 : 90_000,
        `app ${opts.name}`,
      );
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const c = child;
      if (!c) return;
      c.kill(signal);
      const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
      await exited(c);
      clearTimeout(timer);
      child = null;
    },
  };
}

export interface Balancer {
  url: string;
  port: number;
  /** Requests cut mid-way (the instance died while answering): answered 502 by the balancer. */
  cut: number;
  /** Requests moved to the other instance because one refused the connection. */
  rerouted: number;
  close(): Promise<void>;
}

export async function startBalancer(backends: AppInstance[], port = 0): Promise<Balancer> {
  let next = 0;
  const stats = { cut: 0, rerouted: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const order = backends.map((_, i) => backends[(next + i) % backends.length]!);
      next = (next + 1) % backends.length;
      const attempt = (i: number) => {
        const b = order[i];
        if (!b) {
          res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_gateway', message: 'no instance answered' } }));
          return;
        }
        const peer = req.socket.remoteAddress ?? '127.0.0.1';
        const headers: http.OutgoingHttpHeaders = { ...req.headers, 'x-forwarded-for': req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${peer}` : peer, 'x-forwarded-host': req.headers.host ?? '' };
        if (!headers['x-forwarded-proto']) headers['x-forwarded-proto'] = 'http';
        let responded = false;
        const up = http.request({ host: '127.0.0.1', port: b.port, method: req.method, path: req.url, headers }, (upRes) => {
          responded = true;
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('error', () => res.destroy());
          upRes.on('aborted', () => {
            stats.cut++;
            res.destroy();
          });
        });
        up.on('error', (err: NodeJS.ErrnoException) => {
          if (responded) {
            res.destroy();
            return;
          }
          if (err.code === 'ECONNREFUSED') {
            stats.rerouted++;
            attempt(i + 1);
            return;
          }
          stats.cut++;
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_gateway', message: err.message } }));
          else res.destroy();
        });
        // SSE and slow pages: no timeout at the balancer.
        up.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    get cut() {
      return stats.cut;
    },
    get rerouted() {
      return stats.rerouted;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
