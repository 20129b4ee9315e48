// Runs a job's handler for each job pg-boss hands out: payload checked
// against the schema again (it may have been enqueued by an older version),
// progress reporting, and the outcome pg-boss should record. A throw fails
// the attempt (retried with the queue's backoff); PermanentJobError or a
// payload that no longer parses fails the job at once. Stored errors carry
// the message only; the stack goes to the log, with the tenant id.
import type { JobResult, JobWithMetadata, PgBoss } from 'pg-boss';
import { log } from '@/lib/log';
import { JobPayloadError, parsePayload, PermanentJobError, type AnyJob, type JobProgress } from './define';
import { coalesceKeyOf } from './enqueue';
import { checkProgress, writeProgress } from './progress';
import { ensureQueue } from './queues';

export interface WorkOptions {
  /** Idle poll interval when NOTIFY is unavailable (default 2 s; NOTIFY wakes workers at once otherwise). */
  pollingIntervalSeconds?: number;
}

function tenantOf(data: unknown): string | undefined {
  const t = (data as { tenantId?: unknown } | null)?.tenantId;
  return typeof t === 'string' ? t : undefined;
}

function failure(err: unknown, progress: JobProgress | null): { name: string; message: string; progress?: JobProgress } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message || e.name, ...(progress ? { progress } : {}) };
}

export async function runJob(boss: PgBoss, job: AnyJob, raw: JobWithMetadata<unknown>): Promise<JobResult> {
  const tenantId = tenantOf(raw.data);
  const attempt = raw.retryCount + 1;
  const meta = { job: job.name, jobId: raw.id, tenantId, attempt };
  let progress: JobProgress | null = null;
  try {
    const payload = parsePayload(job, raw.data);
    const result = await job.handler(payload, {
      jobId: raw.id,
      attempt,
      signal: raw.signal,
      progress: async (p) => {
        progress = checkProgress(p);
        await writeProgress(boss.getDb(), job.name, raw.id, progress);
      },
    });
    return { id: raw.id, status: 'completed', output: { result: result ?? null, progress } };
  } catch (err) {
    const permanent = err instanceof PermanentJobError || err instanceof JobPayloadError;
    const final = permanent || attempt > raw.retryLimit;
    log(final ? 'error' : 'warn', final ? 'job failed' : 'job attempt failed, will retry', { ...meta, err });
    if (permanent) return { id: raw.id, status: 'deadletter', output: failure(err, progress) };
    // Thrown, so pg-boss applies the retry policy; its stored output is this object's fields.
    throw Object.assign(new Error(failure(err, progress).message), { ...failure(err, progress), stack: undefined });
  }
}

const WORKING = Symbol.for('concilia.jobs.working');
// The job types this process works (cleared when its instance stops), for /api/health.
export const WORKING_TYPES = Symbol.for('concilia.jobs.workingTypes');
const box = globalThis as Record<symbol, WeakMap<PgBoss, Set<string>> | undefined>;

/**
 * Starts workers for these jobs on this instance (a job already worked by it
 * is skipped, so calling twice does not double the workers), and registers
 * their schedules.
 */
export async function workJobs(boss: PgBoss, jobs: readonly AnyJob[], options: WorkOptions = {}): Promise<void> {
  const working = (box[WORKING] ??= new WeakMap());
  let names = working.get(boss);
  if (!names) working.set(boss, (names = new Set()));
  for (const job of jobs) {
    if (names.has(job.name)) continue;
    names.add(job.name);
    ((globalThis as Record<symbol, Set<string> | undefined>)[WORKING_TYPES] ??= new Set()).add(job.name);
    await ensureQueue(boss, job);
    await boss.work(
      job.name,
      {
        batchSize: 1,
        localConcurrency: job.concurrency,
        includeMetadata: true,
        perJobResults: true,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        // NOTIFY wakes workers for new jobs only; retries and deferred jobs
        // become due silently, so the poll stays short even while it works.
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      },
      async ([raw]) => (raw ? [await runJob(boss, job, raw)] : []),
    );
    if (job.schedule) {
      const payload = parsePayload(job, job.schedule.payload ?? {}) as object;
      await boss.schedule(job.name, job.schedule.cron, payload, {
        key: 'default',
        ...(job.schedule.tz ? { tz: job.schedule.tz } : {}),
        ...(job.coalesce ? { singletonKey: coalesceKeyOf(job, payload) } : {}),
      });
      // Coalesced jobs keep one queued, so instances starting together add one run.
      if (job.schedule.runAtStart) await boss.send(job.name, payload, job.coalesce ? { singletonKey: coalesceKeyOf(job, payload) } : {});
    }
  }
}
