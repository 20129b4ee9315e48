// Runs initdb and postgres and watches them, so that every way they can end
// (cannot be run, exit, never ready) becomes an EmbeddedPostgresError: no
// unhandled 'error' event, no promise that never settles.
import { ChildProcess, spawn } from 'node:child_process';
import { describeFailure, type FailureContext, type Outcome } from './failure';
import type { RunAs } from './postgres-user';

export const READY_LINE = 'database system is ready to accept connections';
const KEEP_OUTPUT = 16_384;

interface Run {
  program: string;
  args: string[];
  runAs?: RunAs;
  /** A folder the program's user can enter (a private checkout is not one). */
  cwd: string;
  timeoutMs: number;
  log: (chunk: string) => void;
}

/** Resolves when `child` prints `readyLine`, exits, cannot be spawned, or `timeoutMs` passes. */
export function watch(child: ChildProcess, { readyLine, timeoutMs, log }: { readyLine?: string; timeoutMs: number; log: (chunk: string) => void }) {
  return new Promise<Outcome>((resolve) => {
    let output = '';
    let settled = false;
    const settle = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => settle({ kind: 'timed-out', output }), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text);
      output = (output + text).slice(-KEEP_OUTPUT);
      if (readyLine && output.includes(readyLine)) settle({ kind: 'ready' });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // Kept for the child's whole life: a later 'error' must not go unhandled either.
    child.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'spawn-failed', error }));
    child.once('close', (code, signal) => settle({ kind: 'exited', code, signal, output }));
  });
}

function launch({ program, args, runAs, cwd }: Run): ChildProcess | NodeJS.ErrnoException {
  try {
    return spawn(program, args, {
      cwd,
      // Messages in English, which failure.ts and READY_LINE read.
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runAs ?? {}),
    });
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function kill(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(force);
}

async function runUntil(run: Run, ctx: Omit<FailureContext, 'program' | 'timeoutMs'>, readyLine?: string) {
  const child = launch(run);
  if (!(child instanceof ChildProcess)) {
    throw describeFailure({ kind: 'spawn-failed', error: child }, { ...ctx, program: run.program, timeoutMs: run.timeoutMs });
  }
  const outcome = await watch(child, { readyLine, timeoutMs: run.timeoutMs, log: run.log });
  return { child, outcome };
}

export async function runInitdb(run: Run, ctx: Omit<FailureContext, 'step' | 'program' | 'timeoutMs'>): Promise<void> {
  const { child, outcome } = await runUntil(run, { ...ctx, step: 'initdb' });
  if (outcome.kind === 'exited' && outcome.code === 0) return;
  // SIGTERM lets initdb remove the half-made data directory.
  if (outcome.kind === 'timed-out') await kill(child, 'SIGTERM', 5_000);
  throw describeFailure(outcome as Exclude<Outcome, { kind: 'ready' }>, { ...ctx, step: 'initdb', program: run.program, timeoutMs: run.timeoutMs });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Fast shutdown (SIGINT); SIGKILL if it lingers. Sends the signal synchronously. */
  stop(): Promise<void>;
}

/** Starts postgres and resolves once it accepts connections. */
export async function startServer(run: Run, ctx: Omit<FailureContext, 'step' | 'program' | 'timeoutMs'>): Promise<ServerProcess> {
  const { child, outcome } = await runUntil(run, { ...ctx, step: 'postgres' }, READY_LINE);
  if (outcome.kind === 'ready') {
    let stopping: Promise<void> | undefined;
    return { child, stop: () => (stopping ??= kill(child, 'SIGINT')) };
  }
  // Not ready in time: immediate shutdown, the server's children follow.
  if (outcome.kind === 'timed-out') await kill(child, 'SIGQUIT', 5_000);
  throw describeFailure(outcome, { ...ctx, step: 'postgres', program: run.program, timeoutMs: run.timeoutMs });
}
