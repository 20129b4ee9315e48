// The Pluggy sandbox as a separate process (tools/pluggy-sandbox/cli.ts), as
// Pluggy is a separate service: its page serving then does not share the
// event loop of the process being measured. Driven over its /_sandbox API.
import { spawn } from 'node:child_process';

export interface SandboxProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to listening. */
  startMs: number;
  /** The driving API (`/_sandbox/...`), JSON in and out. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  transactions?: number;
  seed?: number;
  anchor?: string;
  updateDelayMs?: number;
  rateLimits?: boolean;
}

export async function startSandboxProcess(opts: SandboxProcessOptions = {}): Promise<SandboxProcess> {
  const t = performance.now();
  const args = ['--import', 'tsx', 'tools/pluggy-sandbox/cli.ts', '--port', '0', '--update-delay-ms', String(opts.updateDelayMs ?? 0), '--anchor', opts.anchor ?? '2026-11-30'];
  if (opts.transactions !== undefined) args.push('--transactions', String(opts.transactions));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.rateLimits === false || opts.rateLimits === undefined) args.push('--no-rate-limits');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code})\n${out}`)));
  });
  child.stdout!.resume();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    pid: child.pid!,
    startMs: performance.now() - t,
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}/_sandbox/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
