// The webhook follow-up waits for a burst to settle: while the tenant has
// recently stored events still unprocessed, a run only queues the next one
// (no KPI refresh asked, no cache dropped); once they are processed, it
// runs afterBankDataChanged.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOBS_SCHEMA } from '@/lib/jobs/boss';
import { KPI_REFRESH_REQUESTS_TABLE } from '@/lib/kpi-view/refresh';
import { createTenant, testDb } from '@/test/db';
import { webhookChangedJob } from './changed-job';

const { db, pool } = testDb();
const ctx = { jobId: randomUUID(), attempt: 1, progress: async () => undefined } as unknown as Parameters<typeof webhookChangedJob.handler>[1];
const requests = async (tenantId: string) =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${KPI_REFRESH_REQUESTS_TABLE} WHERE tenant_id = $1`, [tenantId])).rows[0]!.n;
const queued = async (tenantId: string) =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND data->>'tenantId' = $2 AND state = 'created'`, [webhookChangedJob.name, tenantId])).rows[0]!.n;

describe('pluggy.webhook.changed', () => {
  it('defers while recent events are unprocessed; an old unprocessed one does not hold it back', async () => {
    const tenant = await createTenant(db);
    const ev = await db.pluggyWebhookEvent.create({ data: { tenantId: tenant.id, eventId: randomUUID(), event: 'transactions/deleted', itemId: randomUUID(), payload: {} } });

    expect(await webhookChangedJob.handler({ tenantId: tenant.id }, ctx)).toEqual({ deferred: true });
    expect(await requests(tenant.id)).toBe(0);
    expect(await queued(tenant.id)).toBe(1);

    // An old unprocessed event (one that keeps failing) is not a burst: no deferral for it.
    await db.pluggyWebhookEvent.update({ where: { id: ev.id }, data: { receivedAt: new Date(Date.now() - 5 * 60_000) } });
    expect(await webhookChangedJob.handler({ tenantId: tenant.id }, ctx)).toEqual({ deferred: false });
    expect(await requests(tenant.id)).toBe(1);
  });
});
