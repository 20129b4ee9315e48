// The recovery sweep: an event stored without a batch job after it (its
// acknowledgement's enqueue lost) gets one; events with a job queued or
// started after them, recent ones (their enqueue may still be on its way)
// and day-old failures are left alone.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOBS_SCHEMA } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { createTenant, testDb } from '@/test/db';
import { pluggyWebhookBatchJob } from './process-job';
import { sweepUnqueuedWebhookEvents } from './sweep-job';

const { db, pool } = testDb();
const stored = (tenantId: string, agoMs: number, processed = false) =>
  db.pluggyWebhookEvent.create({
    data: { tenantId, eventId: randomUUID(), event: 'transactions/deleted', itemId: randomUUID(), payload: {}, receivedAt: new Date(Date.now() - agoMs), processedAt: processed ? new Date() : null },
  });
const batchJobs = async (tenantId: string) =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND data->>'tenantId' = $2`, [pluggyWebhookBatchJob.name, tenantId])).rows[0]!.n;

describe('pluggy.webhook.sweep', () => {
  it('queues the batch job of tenants with events no job was queued after, once', async () => {
    const lost = await createTenant(db);
    const recent = await createTenant(db);
    const processed = await createTenant(db);
    const queued = await createTenant(db);
    const old = await createTenant(db);
    await stored(lost.id, 2 * 60_000);
    await stored(recent.id, 1_000);
    await stored(processed.id, 2 * 60_000, true);
    await stored(queued.id, 2 * 60_000);
    await enqueue(pluggyWebhookBatchJob, { tenantId: queued.id });
    await stored(old.id, 2 * 24 * 60 * 60_000);

    // Scoped to this test's tenants: other files share the database.
    const tenantIds = [lost, recent, processed, queued, old].map((t) => t.id);
    expect(await sweepUnqueuedWebhookEvents({ tenantIds })).toEqual([lost.id]);
    expect(await batchJobs(lost.id)).toBe(1);
    expect(await batchJobs(queued.id)).toBe(1);
    // The job it queued is after the event: nothing more to do.
    expect(await sweepUnqueuedWebhookEvents({ tenantIds })).toEqual([]);
    expect(await batchJobs(lost.id)).toBe(1);
  });
});
