// The job routes through the real wrapper: GET /api/jobs lists only the
// caller's tenant's jobs (DTO, filters, pagination), GET /api/jobs/[id]
// reads one, POST /api/jobs/[id]/retry re-runs a failed one (and nothing
// else, and never another tenant's).
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as list } from '@/app/api/jobs/route';
import { GET as getOne } from '@/app/api/jobs/[id]/route';
import { POST as retry } from '@/app/api/jobs/[id]/retry/route';
import { enqueue } from '@/lib/jobs/enqueue';
import type { JobDto } from '@/lib/jobs/dto';
import { startJobWorkers } from '@/lib/jobs/workers';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { firmSnapshot } from '@/test/firm-snapshot';
import { testJob, waitForState } from '@/test/jobs';

const { db, pool } = testDb();
beforeEach(() => resetMemoryLimits());

type Page = { items: JobDto[]; nextCursor: string | null };
const listAs = (token: string, query?: Record<string, string>) => call<Page>(list, { path: '/api/jobs', token, query });
const getAs = (token: string, id: string) => call<JobDto>(getOne, { path: `/api/jobs/${id}`, token, params: { id } });
const retryAs = (token: string, id: string) => call<JobDto>(retry, { method: 'POST', path: `/api/jobs/${id}/retry`, token, params: { id }, body: {} });

// Fails its first run, succeeds when retried.
const flaky = new Set<string>();
const flakyJob = testJob('flaky', {
  schema: z.strictObject({ tenantId: z.uuid(), label: z.string() }),
  retry: { limit: 0 },
  handler: async ({ label }) => {
    if (!flaky.has(label)) {
      flaky.add(label);
      throw new Error('Pluggy respondeu 503.');
    }
    return { ok: true };
  },
});
const okJob = testJob('ok', { schema: z.strictObject({ tenantId: z.uuid().optional() }), handler: async () => ({ ok: true }) });

let a: FirmFixture;
let b: FirmFixture;
const aJobs: string[] = [];
let bJob: string;
let globalJob: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createFirm(db, 'Firma Jobs A'), createFirm(db, 'Firma Jobs B')]);
  await startJobWorkers({ jobs: [flakyJob, okJob], pollingIntervalSeconds: 0.5 });
  for (let i = 0; i < 4; i++) aJobs.push(await enqueue(okJob, { tenantId: a.tenantId }));
  bJob = await enqueue(okJob, { tenantId: b.tenantId });
  globalJob = await enqueue(okJob, {});
  for (const id of [...aJobs, bJob, globalJob]) await waitForState(okJob.name, id, ['completed']);
});

describe('GET /api/jobs', () => {
  it("lists the caller's tenant's jobs only, newest first, as DTOs", async () => {
    const res = await listAs(a.users.ADMIN.token);
    expect(res.status).toBe(200);
    const ids = res.json.items.map((j) => j.id);
    expect(ids).toEqual([...aJobs].reverse().concat(a.jobId));
    expect(ids).not.toContain(bJob);
    expect(ids).not.toContain(b.jobId);
    expect(ids).not.toContain(globalJob);
    expect(res.json.nextCursor).toBeNull();
    const failed = res.json.items.find((j) => j.id === a.jobId)!;
    expect(failed).toEqual({
      id: a.jobId,
      type: 'test.fixture',
      state: 'failed',
      attempts: 0,
      maxAttempts: 1,
      lastError: 'Falha simulada na sincronização.',
      progress: null,
      createdAt: expect.stringMatching(/Z$/),
      startedAt: null,
      completedAt: expect.stringMatching(/Z$/),
      runAfter: null,
    });
    expect(res.json.items[0]).toMatchObject({ type: okJob.name, state: 'completed', attempts: 1, maxAttempts: 4, lastError: null });
    expect(res.json.items[0]!.startedAt).not.toBeNull();
  });

  it('filters by state and type, and pages without gaps or repeats', async () => {
    const failed = await listAs(a.users.OWNER.token, { state: 'failed' });
    expect(failed.json.items.map((j) => j.id)).toEqual([a.jobId]);
    const byType = await listAs(a.users.OWNER.token, { type: okJob.name });
    expect(byType.json.items.map((j) => j.id)).toEqual([...aJobs].reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAs>> = await listAs(a.users.ADMIN.token, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((j) => j.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...aJobs].reverse().concat(a.jobId));
  });

  it('answers bad input with 4xx', async () => {
    expect((await listAs(a.users.ADMIN.token, { state: 'dead' })).status).toBe(422);
    expect((await listAs(a.users.ADMIN.token, { limit: '0' })).status).toBe(422);
    expect((await listAs(a.users.ADMIN.token, { type: "x' OR 1=1" })).status).toBe(422);
    const bad = await listAs(a.users.ADMIN.token, { cursor: 'bm90LWEtY3Vyc29y' });
    expect(bad.status).toBe(400);
    expect(expectErrorContract(bad.json).code).toBe('bad_request');
    expect((await listAs(a.users.MEMBER.token)).status).toBe(403);
  });
});

describe('GET /api/jobs/[id]', () => {
  it("reads the tenant's job; another tenant's is not found", async () => {
    const mine = await getAs(a.users.MEMBER.token, aJobs[0]!);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ id: aJobs[0], state: 'completed' });
    for (const id of [bJob, b.jobId, globalJob, randomUUID()]) {
      const res = await getAs(a.users.OWNER.token, id);
      expect(res.status, id).toBe(404);
      expect(expectErrorContract(res.json).code).toBe('not_found');
    }
    expect((await getAs(a.users.VIEWER.token, aJobs[0]!)).status).toBe(403);
  });
});

describe('POST /api/jobs/[id]/retry', () => {
  it('re-runs a failed job, which then completes; only failed jobs can be retried', async () => {
    const id = await enqueue(flakyJob, { tenantId: a.tenantId, label: randomUUID() });
    const failed = await waitForState(flakyJob.name, id, ['failed']);
    expect(failed).toMatchObject({ attempts: 1, maxAttempts: 1, lastError: 'Pluggy respondeu 503.' });

    const res = await retryAs(a.users.ADMIN.token, id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, state: 'retry', maxAttempts: 2 });
    const done = await waitForState(flakyJob.name, id, ['completed']);
    expect(done).toMatchObject({ attempts: 2, maxAttempts: 2, lastError: null });
    const audit = await db.auditLog.findFirst({ where: { tenantId: a.tenantId, action: 'job.retried', entityId: id } });
    expect(audit).toMatchObject({ actorId: a.users.ADMIN.userId, entityType: 'job' });

    const again = await retryAs(a.users.ADMIN.token, id);
    expect(again.status).toBe(409);
    expect(expectErrorContract(again.json).code).toBe('conflict');
  });

  it("never touches another tenant's job", async () => {
    const before = await firmSnapshot(pool, b.tenantId);
    const res = await retryAs(a.users.OWNER.token, b.jobId);
    expect(res.status).toBe(404);
    expect(await firmSnapshot(pool, b.tenantId)).toEqual(before);
    expect((await retryAs(a.users.MEMBER.token, a.jobId)).status).toBe(403);
    // B's own admin can.
    expect((await retryAs(b.users.ADMIN.token, b.jobId)).json).toMatchObject({ id: b.jobId, state: 'retry' });
  });
});
