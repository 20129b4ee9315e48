// This process's workers: started on the process-wide instance for every
// registered job (or the given ones), stopped gracefully.
import { getBoss, stopBoss } from './boss';
import type { AnyJob } from './define';
import { JOBS } from './registry';
import { workJobs, type WorkOptions } from './worker';

export async function startJobWorkers({ jobs = JOBS, ...options }: { jobs?: readonly AnyJob[] } & WorkOptions = {}): Promise<void> {
  const boss = await getBoss();
  await workJobs(boss, jobs, options);
}

/**
 * Stops fetching, gives running jobs `timeoutMs` (JOBS_STOP_TIMEOUT_MS) to
 * finish, then fails the rest so the next worker retries them.
 */
/** How many job types this process has workers for (0: enqueue only, or stopped). */
export function jobWorkersRunning(): number {
  return (globalThis as Record<symbol, Set<string> | undefined>)[Symbol.for('concilia.jobs.workingTypes')]?.size ?? 0;
}

export function stopJobWorkers(options: { timeoutMs?: number; close?: boolean } = {}): Promise<void> {
  return stopBoss(options);
}
