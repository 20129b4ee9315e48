// What follows every committed change to a tenant's bank data, whatever
// brought it (a Pluggy sync, a processed webhook, a statement import, an
// undo of an import), in the seed's order: drop the tenant's cache (one
// INCR), ask for the coalesced KPI refresh, ask for the reconciliation
// precompute, and tell the dashboards. Call it after the commit, once per
// unit of work, never per batch. It never throws for I/O: the data is
// already stored and each step has its own safety net (pending
// invalidations, the KPI minute schedule, refetch on focus).
import { invalidateTenant } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import { scheduleKpiRefresh } from '@/lib/kpi-view/refresh-job';
import { log } from '@/lib/log';
import { getPrisma } from '@/lib/prisma';
import { scheduleReconciliationPrecompute } from '@/lib/reconciliation/schedule';

export interface BankDataChange {
  /** What changed the data, for the event's entity and the logs: 'sync', 'webhook', 'import', ... */
  source: string;
  /** Publish `sync_complete` (true) or only a `sync` hint (false, e.g. one webhook event). */
  complete?: boolean;
}

export interface BankDataChangedResult {
  kpiJobId: string | null;
  precomputeJobId: string | null;
}

export async function afterBankDataChanged(tenantId: string, change: BankDataChange): Promise<BankDataChangedResult> {
  await invalidateTenant(tenantId);
  const [kpiJobId, precomputeJobId] = await Promise.all([
    scheduleKpiRefresh(tenantId),
    scheduleReconciliationPrecompute(tenantId).catch((err: unknown) => {
      log('error', 'reconciliation precompute not scheduled', { tenantId, source: change.source, err });
      return null;
    }),
  ]);
  // Statement import (lib/statements): synced data may now cover months
  // imported from files; the overlap check links and de-duplicates them.
  if (change.source !== 'import' && change.source !== 'statement-overlap') {
    const { scheduleStatementOverlap } = await import('@/lib/statements/jobs');
    await scheduleStatementOverlap(tenantId);
  }
  try {
    // Through the outbox: this may run in a worker process with no relay of its own.
    await publishEvent(getPrisma(), { type: change.complete === false ? 'sync' : 'sync_complete', tenantId, entity: change.source });
  } catch (err) {
    log('warn', 'bank data change not published', { tenantId, source: change.source, err });
  }
  return { kpiJobId, precomputeJobId };
}
