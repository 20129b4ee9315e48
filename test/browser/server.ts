// The app under a real browser: `next dev` on a free port against this run's
// scratch database, with a dist dir of its own (Next locks one per server, and
// other suites run their own dev server from the same checkout).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@/lib/db/embedded';

export interface AppServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startApp(databaseUrl: string): Promise<AppServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NODE_ENV: 'development',
    NEXT_TELEMETRY_DISABLED: '1',
    // Outside .next: `next build` (the SSE e2e, npm start) empties .next but for cache/ and dev/, which took
    // this server's compiled pages away mid-journey whenever a build ran beside the suite.
    CONCILIA_NEXT_DIST_DIR: '.next-browser-test',
    // The suite drives pages, not background work; KPI refreshes are done by the test.
    JOBS_IN_WEB: 'false',
  };
  for (const k of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY']) delete env[k];
  const child: ChildProcess = spawn(process.execPath, [join(process.cwd(), 'node_modules/next/dist/bin/next'), 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 360_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next dev exited (${child.exitCode})\n${out}`);
    try {
      if ((await fetch(`${url}/api/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next dev did not answer in 360 s\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    },
  };
}
