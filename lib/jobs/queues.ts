// Each job type is a pg-boss queue carrying the definition's retry, timeout
// and retention settings (new jobs inherit them). Created on first use in
// each process, and updated when the definition changed since.
import type { PgBoss, Queue } from 'pg-boss';
import type { AnyJob } from './define';

export function queueOptions(job: AnyJob): Omit<Queue, 'name'> {
  return {
    // stately: at most one job per state (created / retry / active) per
    // singletonKey, which is what coalescing needs.
    policy: job.coalesce ? 'stately' : 'standard',
    retryLimit: job.retry.limit,
    retryDelay: job.retry.delaySeconds,
    retryBackoff: job.retry.backoff,
    ...(job.retry.backoff && job.retry.maxDelaySeconds !== undefined ? { retryDelayMax: job.retry.maxDelaySeconds } : {}),
    expireInSeconds: job.timeoutSeconds,
    heartbeatSeconds: job.heartbeatSeconds,
    deleteAfterSeconds: job.keepDays * 86_400,
    notify: job.notify,
  };
}

const ensured = new WeakMap<PgBoss, Map<string, Promise<void>>>();

async function createOrUpdate(boss: PgBoss, job: AnyJob): Promise<void> {
  const options = queueOptions(job);
  const existing = await boss.getQueue(job.name);
  if (!existing) {
    await boss.createQueue(job.name, options);
    return;
  }
  if (existing.policy !== options.policy) {
    throw new Error(`queue ${job.name} exists with policy ${existing.policy}, the definition needs ${options.policy}; delete the queue or rename the job`);
  }
  const { policy: _policy, ...updatable } = options;
  const changed = (Object.keys(updatable) as (keyof typeof updatable)[]).some(
    (k) => (existing as unknown as Record<string, unknown>)[k] !== updatable[k],
  );
  if (changed) await boss.updateQueue(job.name, updatable);
}

/** Makes sure the job's queue exists with the definition's settings (once per instance and job). */
export function ensureQueue(boss: PgBoss, job: AnyJob): Promise<void> {
  let perBoss = ensured.get(boss);
  if (!perBoss) ensured.set(boss, (perBoss = new Map()));
  let done = perBoss.get(job.name);
  if (!done) {
    done = createOrUpdate(boss, job).catch((err: unknown) => {
      perBoss.delete(job.name);
      throw err;
    });
    perBoss.set(job.name, done);
  }
  return done;
}
