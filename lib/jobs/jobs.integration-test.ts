// The job API against the real queue: validation at enqueue, idempotency
// keys, retries with backoff ending in the dead-letter state, permanent
// failures, timeouts, progress, transactional enqueue and coalescing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enqueue } from '@/lib/jobs/enqueue';
import { JobPayloadError, PermanentJobError } from '@/lib/jobs/define';
import { startJobWorkers } from '@/lib/jobs/workers';
import { testDb } from '@/test/db';
import { gate, jobById, jobRows, testJob, waitFor, waitForState } from '@/test/jobs';

const { db } = testDb();
const POLL = { pollingIntervalSeconds: 0.5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('definition and enqueue', () => {
  it('rejects a bad payload at enqueue, naming the field, and stores nothing', async () => {
    const job = testJob('validate', {
      schema: z.strictObject({ tenantId: z.uuid(), count: z.number().int().min(0) }),
      handler: async () => undefined,
    });
    const bad = enqueue(job, { tenantId: 'nope', count: 1.5 });
    await expect(bad).rejects.toBeInstanceOf(JobPayloadError);
    await expect(bad).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: 'tenantId' }), expect.objectContaining({ path: 'count' })]) });
    // @ts-expect-error unknown field, also refused at run time
    await expect(enqueue(job, { tenantId: randomUUID(), count: 1, extra: true })).rejects.toBeInstanceOf(JobPayloadError);
    expect(await jobRows(job.name)).toEqual([]);
    // A good one is stored as parsed.
    const id = await enqueue(job, { tenantId: randomUUID(), count: 2 });
    expect((await jobRows(job.name)).map((r) => r.id)).toEqual([id]);
  });

  it('same idempotency key → same job, and the handler runs once', async () => {
    const runs: unknown[] = [];
    const job = testJob('idem', {
      schema: z.strictObject({ tenantId: z.uuid(), note: z.string().default('padrão') }),
      handler: async (payload, ctx) => {
        runs.push({ payload, attempt: ctx.attempt });
        return { ok: true };
      },
    });
    const tenantId = randomUUID();
    const ids = await Promise.all(Array.from({ length: 10 }, () => enqueue(job, { tenantId }, { idempotencyKey: 'webhook:evt-1' })));
    expect(new Set(ids).size).toBe(1);
    await startJobWorkers({ jobs: [job], ...POLL });
    await waitForState(job.name, ids[0]!, ['completed']);
    // Again after it ran: still the same job, nothing new runs.
    expect(await enqueue(job, { tenantId, note: 'outra' }, { idempotencyKey: 'webhook:evt-1' })).toBe(ids[0]);
    const other = await enqueue(job, { tenantId }, { idempotencyKey: 'webhook:evt-2' });
    expect(other).not.toBe(ids[0]);
    await waitForState(job.name, other, ['completed']);
    await sleep(600);
    expect(runs).toEqual([
      { payload: { tenantId, note: 'padrão' }, attempt: 1 },
      { payload: { tenantId, note: 'padrão' }, attempt: 1 },
    ]);
    expect(await jobRows(job.name)).toHaveLength(2);
  });

  it('enqueued in a transaction, a job exists only if it commits', async () => {
    const job = testJob('tx', { schema: z.strictObject({ tenantId: z.uuid() }), handler: async () => undefined });
    const tenantId = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(job, { tenantId }, { tx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await jobRows(job.name)).toEqual([]);
    const id = await db.$transaction((tx) => enqueue(job, { tenantId }, { tx }));
    expect((await jobRows(job.name)).map((r) => r.id)).toEqual([id]);
  });
});

describe('retries and the dead-letter state', () => {
  it('retries with exponential backoff, then fails for good with the last error', async () => {
    const starts: number[] = [];
    const job = testJob('backoff', {
      schema: z.strictObject({ tenantId: z.uuid() }),
      retry: { limit: 2, delaySeconds: 1, backoff: true },
      handler: async () => {
        starts.push(Date.now());
        throw new Error(`Banco indisponível (tentativa ${starts.length})`);
      },
    });
    await startJobWorkers({ jobs: [job], ...POLL });
    const id = await enqueue(job, { tenantId: randomUUID() });
    const retrying = await waitForState(job.name, id, ['retry']);
    expect(retrying).toMatchObject({ attempts: 1, maxAttempts: 3, lastError: 'Banco indisponível (tentativa 1)' });
    expect(Date.parse(retrying.runAfter!)).toBeGreaterThan(Date.parse(retrying.startedAt!));
    const failed = await waitForState(job.name, id, ['failed'], 20_000);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, maxAttempts: 3, lastError: 'Banco indisponível (tentativa 3)', runAfter: null });
    expect(failed.completedAt).not.toBeNull();
    expect(starts).toHaveLength(3);
    // Delays: 1-2 s, then 2-4 s (doubling, with jitter). A fixed delay would give ~1 s twice.
    const [gap1, gap2] = [starts[1]! - starts[0]!, starts[2]! - starts[1]!];
    expect(gap1).toBeGreaterThanOrEqual(950);
    expect(gap2).toBeGreaterThanOrEqual(1950);
    await sleep(1500);
    expect(starts).toHaveLength(3);
    // The stored error is the message only.
    const [row] = await jobRows(job.name);
    expect(JSON.stringify(row!.output)).not.toMatch(/at .*\.ts:\d+/);
  }, 30_000);

  it('PermanentJobError and an unreadable payload fail at once, without their retries', async () => {
    let runs = 0;
    const job = testJob('permanent', {
      schema: z.strictObject({ tenantId: z.uuid() }),
      retry: { limit: 5, delaySeconds: 0, backoff: false },
      handler: async () => {
        runs++;
        throw new PermanentJobError('A conexão bancária foi removida.');
      },
    });
    await startJobWorkers({ jobs: [job], ...POLL });
    const id = await enqueue(job, { tenantId: randomUUID() });
    expect(await waitForState(job.name, id, ['failed'])).toMatchObject({ attempts: 1, lastError: 'A conexão bancária foi removida.' });
    expect(runs).toBe(1);
    // A payload written by an older version that no longer parses.
    const boss = await (await import('@/lib/jobs/boss')).getBoss();
    const stale = await boss.send(job.name, { tenantId: 'not-a-uuid' });
    expect(await waitForState(job.name, stale!, ['failed'])).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/tenantId/) });
    expect(runs).toBe(1);
  });

  it('a run past its timeout is aborted and failed', async () => {
    let aborted = false;
    const job = testJob('timeout', {
      schema: z.strictObject({}),
      timeoutSeconds: 1,
      retry: { limit: 0 },
      handler: async (_p, ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted = true;
      },
    });
    await startJobWorkers({ jobs: [job], ...POLL });
    const id = await enqueue(job, {});
    expect(await waitForState(job.name, id, ['failed'])).toMatchObject({ lastError: expect.stringMatching(/exceeded 1s/) });
    await waitFor('the handler to see the abort', () => aborted);
  });
});

describe('progress', () => {
  it('is readable while the job runs, and kept once it completes', async () => {
    const step = gate();
    const job = testJob('progress', {
      schema: z.strictObject({ tenantId: z.uuid() }),
      handler: async (_p, ctx) => {
        await ctx.progress({ done: 40, total: 100, stage: 'transactions' });
        await step.promise;
        await ctx.progress({ done: 100, total: 100, stage: 'transactions' });
        return { imported: 100 };
      },
    });
    await startJobWorkers({ jobs: [job], ...POLL });
    const id = await enqueue(job, { tenantId: randomUUID() });
    const running = await waitFor('progress', async () => {
      const j = await jobById(job.name, id);
      return j?.progress ? j : null;
    });
    expect(running).toMatchObject({ state: 'active', attempts: 1, progress: { done: 40, total: 100, stage: 'transactions' }, lastError: null });
    step.open();
    expect(await waitForState(job.name, id, ['completed'])).toMatchObject({ progress: { done: 100, total: 100, stage: 'transactions' }, lastError: null });
    const [row] = await jobRows(job.name);
    expect(row!.output).toMatchObject({ result: { imported: 100 } });
  });
});

describe('coalescing', () => {
  it('per key: a burst while one runs adds one queued run, which sees the whole burst; keys do not block each other', async () => {
    const seen: Record<string, number[]> = { a: [], b: [] };
    const counters: Record<string, number> = { a: 0, b: 0 };
    // The row turns active when a worker fetches it, a moment before the
    // handler's first line runs; under load the burst could land in that gap.
    const started: Record<string, number> = { a: 0, b: 0 };
    const release = gate();
    const job = testJob('coalesce', {
      schema: z.strictObject({ tenantId: z.string() }),
      coalesce: { key: (p) => p.tenantId },
      concurrency: 2,
      handler: async ({ tenantId }) => {
        // The run reads the current state when it starts, like a precompute would.
        const observed = counters[tenantId]!;
        started[tenantId]!++;
        await release.promise;
        seen[tenantId]!.push(observed);
      },
    });
    await startJobWorkers({ jobs: [job], ...POLL });
    const first = { a: await enqueue(job, { tenantId: 'a' }), b: await enqueue(job, { tenantId: 'b' }) };
    // Both keys start at once (concurrency 2): one key's run does not hold the other back.
    await waitForState(job.name, first.a, ['active']);
    await waitForState(job.name, first.b, ['active']);
    await waitFor('both handlers to have read their counter', () => started.a === 1 && started.b === 1);
    const ids: Record<string, Set<string>> = { a: new Set([first.a]), b: new Set([first.b]) };
    await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const key = i % 2 ? 'a' : 'b';
        counters[key]!++;
        ids[key]!.add(await enqueue(job, { tenantId: key }));
      }),
    );
    // Exactly one more job per key: the queued one every later enqueue answered with.
    expect(ids.a!.size).toBe(2);
    expect(ids.b!.size).toBe(2);
    const pending = (await jobRows(job.name)).filter((r) => r.state === 'created');
    expect(pending).toHaveLength(2);
    release.open();
    await waitFor('both keys to finish', () => seen.a!.length === 2 && seen.b!.length === 2);
    await sleep(800);
    // The queued run started after the burst, so it saw all of it.
    expect(seen).toEqual({ a: [0, 200], b: [0, 200] });
    expect((await jobRows(job.name)).map((r) => r.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
  }, 30_000);

  it('without a key: one job type-wide, from concurrent enqueuers', async () => {
    let runs = 0;
    const job = testJob('coalesce-global', {
      schema: z.strictObject({}),
      coalesce: {},
      handler: async () => {
        runs++;
        await sleep(300);
      },
    });
    const ids = new Set(await Promise.all(Array.from({ length: 300 }, () => enqueue(job, {}))));
    expect(ids.size).toBe(1);
    await startJobWorkers({ jobs: [job], ...POLL });
    await waitForState(job.name, [...ids][0]!, ['completed']);
    expect(runs).toBe(1);
  });
});
