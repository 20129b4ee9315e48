// Graceful shutdown with two instances standing in for two processes: a
// running job is allowed to finish; one still running when the grace period
// ends is handed back (failed with retries left) and the other instance runs
// it again.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBoss, startBoss, type Boss } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { workJobs } from '@/lib/jobs/worker';
import { gate, testJob, waitFor, waitForState } from '@/test/jobs';

const instances: Boss[] = [];
async function instance(): Promise<Boss> {
  const boss = await startBoss(createBoss({ connectionString: process.env.DATABASE_URL!, poolMax: 2 }));
  instances.push(boss);
  return boss;
}
afterEach(async () => {
  await Promise.all(instances.splice(0).map((b) => b.stop({ graceful: false }).catch(() => undefined)));
});

describe('graceful stop', () => {
  it('lets a running job finish, then stops', async () => {
    const running = gate();
    let finished = false;
    const job = testJob('finish', {
      schema: z.strictObject({ tenantId: z.uuid() }),
      handler: async () => {
        running.open();
        await new Promise((r) => setTimeout(r, 1500));
        finished = true;
      },
    });
    const a = await instance();
    await workJobs(a, [job], { pollingIntervalSeconds: 0.5 });
    const id = await enqueue(job, { tenantId: randomUUID() });
    await running.promise;
    const t0 = Date.now();
    await a.stop({ graceful: true, timeout: 10_000 });
    expect(finished).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await waitForState(job.name, id, ['completed'])).toMatchObject({ attempts: 1, lastError: null });
  });

  it('hands a job still running after the grace period back; the next worker retries it', async () => {
    const runs: { attempt: number; aborted: boolean }[] = [];
    const job = testJob('cutoff', {
      schema: z.strictObject({ tenantId: z.uuid() }),
      retry: { limit: 2, delaySeconds: 0, backoff: false },
      handler: async (_p, ctx) => {
        const run = { attempt: ctx.attempt, aborted: false };
        runs.push(run);
        if (ctx.attempt > 1) return { ok: true };
        // A long first run that stops when asked to.
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        run.aborted = true;
      },
    });
    const a = await instance();
    await workJobs(a, [job], { pollingIntervalSeconds: 0.5 });
    const id = await enqueue(job, { tenantId: randomUUID() });
    await waitFor('the first run', () => runs.length === 1);
    const t0 = Date.now();
    await a.stop({ graceful: true, timeout: 1000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(runs[0]!.aborted).toBe(true);
    expect(await waitForState(job.name, id, ['retry'])).toMatchObject({ attempts: 1, lastError: 'pg-boss shut down while active' });

    const b = await instance();
    await workJobs(b, [job], { pollingIntervalSeconds: 0.5 });
    expect(await waitForState(job.name, id, ['completed'])).toMatchObject({ attempts: 2, lastError: null });
    expect(runs.map((r) => r.attempt)).toEqual([1, 2]);
  });
});
