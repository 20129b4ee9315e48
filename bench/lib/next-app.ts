// The production app for HTTP benchmarks: `next build` when .next/BUILD_ID is
// missing or older than the sources (the rule of scripts/start.ts), then
// `next start` on a free port with the environment the benchmark chooses.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildIsStale } from '@/scripts/lib/build-stale';

export { buildIsStale };

const root = process.cwd();
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
/** Environment without anything that would change what is measured (Clerk, REDIS_URL, a dev DATABASE_URL). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_JWT_KEY', 'REDIS_URL', 'PRISMA_ACCELERATE_URL']) {
    delete env[k];
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Builds when stale. Another `next build` in the same tree holds a lock:
 * wait for it (up to waitMs) and check staleness again.
 */
export async function ensureBuild(log: (line: string) => void, waitMs = 5 * 60_000): Promise<{ built: boolean; ms: number }> {
  const t0 = performance.now();
  const giveUp = Date.now() + waitMs;
  while (buildIsStale()) {
    log('building the app (next build)…');
    const { code, output } = await run(['build'], cleanEnv({ NODE_ENV: 'production' }));
    if (code === 0) return { built: true, ms: performance.now() - t0 };
    if (/Another next build process is already running/i.test(output) && Date.now() < giveUp) {
      log('another next build is running in this tree; waiting 10 s…');
      await new Promise((r) => setTimeout(r, 10_000));
      continue;
    }
    throw new Error(`next build failed (exit ${code}):\n${output.split('\n').slice(-40).join('\n')}`);
  }
  return { built: false, ms: performance.now() - t0 };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NextApp {
  baseUrl: string;
  /** The `next start` process (its memory is the server's). */
  pid: number;
  /** Recent server output, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

export async function startNext(env: Record<string, string>, readyPath: string, timeoutMs = 60_000): Promise<NextApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: cleanEnv({ ...env, NODE_ENV: 'production', PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: NextApp = {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}${readyPath}`);
      await res.arrayBuffer();
      if (res.ok) return app;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await app.stop();
  throw new Error(`next start did not answer ${readyPath} within ${timeoutMs} ms:\n${output}`);
}
