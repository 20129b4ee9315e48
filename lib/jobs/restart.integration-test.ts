// PostgreSQL restarted under running workers (an embedded server of this
// file's own, stopped and started again on the same port and data):
//  - a job running across the restart completes once its handler returns;
//  - a job whose handler returned while the database was down (its result
//    could not be stored) is retried after its heartbeat lapses, and completes;
//  - workers keep fetching afterwards, and enqueueing works again.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { resetEnvCache } from '@/lib/env';
import { createBoss, startBoss, stopBoss, type Boss } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { workJobs } from '@/lib/jobs/worker';
import { startJobWorkers } from '@/lib/jobs/workers';
import { gate, waitFor, waitForState, testJob } from '@/test/jobs';

const baseDir = mkdtempSync(join(tmpdir(), 'concilia-jobs-restart-'));
chmodSync(baseDir, 0o777);
let server: EmbeddedPostgres;
let fast: Boss | undefined;
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ baseDir, database: 'jobs' });
  // This file's process-wide instance lives on the embedded server.
  process.env.DATABASE_URL = server.url;
  resetEnvCache();
}, 120_000);

afterAll(async () => {
  await stopBoss({ timeoutMs: 1000 }).catch(() => undefined);
  await fast?.stop({ graceful: false }).catch(() => undefined);
  await server?.stop();
  process.env.DATABASE_URL = previousUrl;
  resetEnvCache();
  rmSync(baseDir, { recursive: true, force: true });
}, 60_000);

describe('a PostgreSQL restart', () => {
  it('running and queued work resumes once the server is back', async () => {
    const across = gate();
    const lost = gate();
    const attempts: Record<string, number[]> = { across: [], lost: [], after: [] };
    const schema = z.strictObject({ kind: z.enum(['across', 'lost', 'after']) });
    const handler = async ({ kind }: { kind: 'across' | 'lost' | 'after' }, ctx: { attempt: number }) => {
      attempts[kind]!.push(ctx.attempt);
      if (kind === 'across') await across.promise;
      if (kind === 'lost' && ctx.attempt === 1) await lost.promise;
      return { kind };
    };
    const slow = testJob('restart', { schema, handler });
    // Heartbeats of 10 s (the minimum) and a supervisor every second, so a
    // run whose result was lost is noticed in seconds, not minutes.
    const lostJob = testJob('restart-lost', { schema, handler, heartbeatSeconds: 10, retry: { limit: 3, delaySeconds: 0, backoff: false } });
    await startJobWorkers({ jobs: [slow], pollingIntervalSeconds: 0.5 });
    fast = await startBoss(createBoss({ connectionString: server.url, poolMax: 2, overrides: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } }));
    await workJobs(fast, [lostJob], { pollingIntervalSeconds: 0.5 });

    const acrossId = await enqueue(slow, { kind: 'across' });
    const lostId = await enqueue(lostJob, { kind: 'lost' });
    await waitFor('both to run', () => attempts.across!.length === 1 && attempts.lost!.length === 1);

    const port = server.port;
    await server.stop();
    await expect(enqueue(slow, { kind: 'after' })).rejects.toThrow();
    // This handler returns while the database is down: its completion cannot be stored.
    lost.open();
    await new Promise((r) => setTimeout(r, 1000));
    server = await startEmbeddedPostgres({ baseDir, database: 'jobs', port });

    across.open();
    expect(await waitForState(slow.name, acrossId, ['completed'], 20_000)).toMatchObject({ attempts: 1 });
    const afterId = await enqueue(slow, { kind: 'after' });
    expect(await waitForState(slow.name, afterId, ['completed'], 20_000)).toMatchObject({ attempts: 1 });
    const resumed = await waitForState(lostJob.name, lostId, ['completed'], 30_000);
    expect(resumed.attempts).toBe(2);
    expect(attempts).toEqual({ across: [1], lost: [1, 2], after: [1] });
  }, 90_000);
});
