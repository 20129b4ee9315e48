// Where workers start and stop: inside the web server (instrumentation.ts,
// for `npm start` / `next start`, unless JOBS_IN_WEB=false) or on their own
// (`npm run worker`). Both stop on SIGTERM / SIGINT: no new jobs are
// fetched, running ones get JOBS_STOP_TIMEOUT_MS to finish, and whatever is
// still running then is failed so the next worker retries it.
//
// Inside `next start` Next.js handles the signal itself (closes the HTTP
// server, then calls process.exit); that exit is held until the workers have
// stopped. The pool stays open until then, so requests still in flight can
// enqueue. With NEXT_MANUAL_SIG_HANDLE set Next.js leaves signals alone and
// the exit happens here.
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { JOBS } from './registry';
import { startJobWorkers, stopJobWorkers } from './workers';

type Mode = 'web' | 'worker';

interface State {
  mode: Mode;
  stopping: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
}

const KEY = Symbol.for('concilia.jobs.lifecycle');
const box = globalThis as Record<symbol, State | undefined>;

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

async function startOrRetry(state: State, delayMs = 1000): Promise<void> {
  if (state.stopping) return;
  try {
    await startJobWorkers();
    log('info', 'job workers started', { mode: state.mode, jobs: JOBS.map((j) => j.name), pid: process.pid });
  } catch (err) {
    // The database may not be up yet: keep trying, without holding the server back.
    log('error', 'job workers did not start; retrying', { err: err instanceof Error ? err.message : String(err), retryMs: delayMs });
    state.retryTimer = setTimeout(() => void startOrRetry(state, Math.min(delayMs * 2, 30_000)), delayMs);
  }
}

function stop(state: State, signal: string): Promise<void> {
  if (state.stopping) return state.stopping;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  const timeoutMs = env().JOBS_STOP_TIMEOUT_MS;
  log('info', 'stopping job workers', { signal, timeoutMs, pid: process.pid });
  const stopped = stopJobWorkers({ timeoutMs, close: state.mode === 'worker' })
    .then(() => log('info', 'job workers stopped', { pid: process.pid }))
    .catch((err: unknown) => log('error', 'job workers did not stop cleanly', { err }));
  // Never hold the exit longer than the grace period and a margin.
  state.stopping = Promise.race([stopped, new Promise<void>((r) => setTimeout(r, timeoutMs + 5000).unref())]);
  return state.stopping;
}

function onSignals(state: State): void {
  const handle = (signal: NodeJS.Signals) => {
    const first = !state.stopping;
    const stopping = stop(state, signal);
    if (!first) return;
    const exit = process.exit.bind(process);
    if (state.mode === 'worker' || process.env.NEXT_MANUAL_SIG_HANDLE) {
      void stopping.finally(() => exit(state.mode === 'worker' ? 0 : EXIT_CODES[signal]));
    } else {
      // Next.js exits once its server is closed; let that wait for the workers.
      process.exit = ((code?: number) => void stopping.finally(() => exit(code))) as typeof process.exit;
    }
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * Starts this process's workers once (a second call does nothing) and stops
 * them on SIGTERM / SIGINT. `web` is the Next.js server, where JOBS_IN_WEB=false
 * turns workers off (enqueueing still works).
 */
export async function runJobs(mode: Mode): Promise<void> {
  if (box[KEY]) return;
  if (mode === 'web' && !env().JOBS_IN_WEB) {
    log('info', 'job workers are off in the web process (JOBS_IN_WEB=false); run `npm run worker`');
    box[KEY] = { mode, stopping: null, retryTimer: null };
    return;
  }
  const state: State = (box[KEY] = { mode, stopping: null, retryTimer: null });
  onSignals(state);
  await startOrRetry(state);
}
