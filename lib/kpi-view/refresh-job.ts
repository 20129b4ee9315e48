// mv_tenant_kpis is refreshed by one coalesced job, `kpi.refresh`: at most
// one running and one queued, whoever asks and however often, so a burst of
// writes costs a few refreshes. Writers call scheduleKpiRefresh(tenantId)
// after their commit; the tenants asking are recorded (requests.ts) and the
// refresh that answers them invalidates their cached KPIs and publishes
// `kpis_updated` to their dashboards, after its commit.
//
// A minute schedule is the safety net: it picks up requests whose enqueue
// failed, and refreshes a view older than KPI_MAX_STALENESS_MS (a write that
// crashed before asking); otherwise it does nothing.
import { z } from 'zod';
import { invalidateTenantResource } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import { getPool, getPrisma } from '@/lib/prisma';
import { refreshKpiView, type KpiRefreshResult } from './refresh';
import { recordKpiRefreshRequests } from './requests';

export const KPI_MAX_STALENESS_MS = 10 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One refresh answering every pending request (what the job runs). */
export async function runKpiRefresh(): Promise<KpiRefreshResult> {
  const result = await refreshKpiView(getPool() ?? getPrisma(), {
    wait: true,
    claimRequests: true,
    skipIfFresherThanMs: KPI_MAX_STALENESS_MS,
    timeoutMs: 14 * 60_000,
  });
  if (result.skipped) return result;
  // Only now, after the commit: a reader between an earlier invalidation and
  // the commit would cache the old figures under the new generation.
  await Promise.all(result.tenantIds.map((t) => invalidateTenantResource(t, 'kpis')));
  try {
    // Through the outbox, not emitAfterCommit: this may run in a worker
    // process (npm run worker) that serves no streams and has no relay.
    const db = getPrisma();
    for (const tenantId of result.tenantIds) await publishEvent(db, { type: 'kpis_updated', tenantId, entity: 'kpis' });
  } catch (err) {
    // The figures are refreshed and the caches dropped; a dashboard that
    // misses the hint sees them on its next fetch.
    log('warn', 'kpis_updated not published', { tenants: result.tenantIds.length, err });
  }
  return result;
}

export const kpiRefreshJob = defineJob({
  name: 'kpi.refresh',
  schema: z.strictObject({}),
  // One key: the view is refreshed for every tenant at once. A queued
  // refresh waits a second for the rest of a burst.
  coalesce: { delaySeconds: 1 },
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  timeoutSeconds: 15 * 60,
  schedule: { cron: '* * * * *' },
  // The schedule adds one job a minute; a day of history is plenty.
  keepDays: 1,
  handler: async () => {
    const r = await runKpiRefresh();
    return r.skipped ? { skipped: r.reason ?? 'locked' } : { refreshedAt: r.refreshedAt.toISOString(), elapsedMs: r.elapsedMs, tenants: r.tenantIds.length };
  },
});

/**
 * Asks for a refresh covering these tenants' changes; call it after the
 * write committed. Never throws for a database or queue failure (the write
 * already happened): it logs, and the minute schedule catches up. Returns
 * the refresh job's id, or null when it could not be enqueued.
 */
export async function scheduleKpiRefresh(tenantIds: string | readonly string[]): Promise<string | null> {
  const ids = typeof tenantIds === 'string' ? [tenantIds] : [...tenantIds];
  for (const id of ids) if (!UUID.test(id)) throw new TypeError('tenantId must be a UUID');
  try {
    await recordKpiRefreshRequests(getPrisma(), ids);
    return await enqueue(kpiRefreshJob, {});
  } catch (err) {
    log('error', 'KPI refresh not scheduled; the minute schedule will pick it up', { tenantId: ids[0], tenants: ids.length, err });
    return null;
  }
}
