// The reconciliation precompute (seed section 7): one durable job per
// tenant, coalesced like the KPI refresh (one running, one queued, a burst
// adds one run). After a sync, a processed webhook, a link, a reject, a
// confirm or a settings change (scheduleReconciliationPrecompute):
//   1. customers from the cache (lib/advbox/customers refreshes them when due),
//   2. open receivables crawled from Advbox when the snapshot is older than
//      RECEIVABLES_MAX_AGE_MS (else the snapshot; a change drops the cached result),
//   3. bank credits, mappings, rejections and tenant weights from PostgreSQL,
//   4. the engine, the result stored under tenant:{id}:recon:{hash} through
//      lib/cache (entries carry the generations read before computing, so a
//      result computed across an invalidation is never served),
//   5. `reconciliation_ready` published through the outbox (this may run in
//      a worker process with no relay of its own).
// Auto-confirm of `auto` matches (tenant setting) runs after the result, see
// lib/reconciliation/auto-confirm.ts.
import { z } from 'zod';
import { AdvboxApiError, advboxClientForTenant, type AdvboxClient, type Clock } from '@/lib/advbox/client';
import { invalidateTenantRecon } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import { defineJob } from '@/lib/jobs/define';
import { log } from '@/lib/log';
import { getPrisma, type Db } from '@/lib/prisma';
import { readSecret } from '@/lib/settings/settings';
import { RECEIVABLES_MAX_AGE_MS } from '@/lib/reconciliation/config';
import { DEFAULT_VIEW, loadFullResult, loadView, windowsAt, type LoadOptions } from '@/lib/reconciliation/full';
import { readReceivableSnapshot, refreshReceivableSnapshot } from '@/lib/reconciliation/receivables';
import { autoConfirm, type AutoConfirmOutcome } from '@/lib/reconciliation/auto-confirm';

export interface PrecomputeOutcome {
  skipped?: 'no_advbox_token' | 'tenant_gone';
  cache?: 'HIT' | 'MISS' | 'BYPASS';
  receivablesCrawled?: boolean;
  receivablesChanged?: boolean;
  rows?: number;
  auto?: AutoConfirmOutcome;
  elapsedMs: number;
}

export interface PrecomputeOptions extends LoadOptions {
  signal?: AbortSignal;
}

/** One precompute of a tenant (what the job runs; tests call it directly too). */
export async function runReconciliationPrecompute(db: Db, tenantId: string, opts: PrecomputeOptions = {}): Promise<PrecomputeOutcome> {
  const clock: Clock | undefined = opts.clock;
  const now = () => (clock ?? { now: Date.now }).now();
  const started = now();
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { deletedAt: true } });
  if (!tenant || tenant.deletedAt) return { skipped: 'tenant_gone', elapsedMs: now() - started };
  if (!opts.client && !(await readSecret(db, tenantId, 'advboxToken'))) return { skipped: 'no_advbox_token', elapsedMs: now() - started };
  const client: AdvboxClient = opts.client ?? (await advboxClientForTenant(db, tenantId, { ...(clock ? { clock } : {}), ...(opts.signal ? { signal: opts.signal } : {}) }));
  const load: LoadOptions = { ...opts, client };

  let crawled = false;
  let changed = false;
  const snapshot = await readReceivableSnapshot(db, tenantId);
  const w = windowsAt(now());
  if (!snapshot || now() - snapshot.fetchedAt.getTime() >= RECEIVABLES_MAX_AGE_MS || snapshot.dueFrom > w.receivables.dueFrom || snapshot.dueTo < w.receivables.dueTo) {
    try {
      const r = await refreshReceivableSnapshot(db, tenantId, client, w.receivables, new Date(now()));
      crawled = true;
      changed = r.changed;
      // Receivables Advbox changed behind our back (created, paid there): the
      // cached result no longer describes them.
      if (changed) await invalidateTenantRecon(tenantId);
    } catch (err) {
      // With a copy, new credits are still matched against it (the result
      // says when it was fetched); without one there is nothing to match: retry.
      if (!snapshot || !(err instanceof AdvboxApiError)) throw err;
      log('warn', 'reconciliation: Advbox receivables not refreshed, using the stored copy', { tenantId, err });
    }
  }
  opts.signal?.throwIfAborted();
  const { full, cache } = await loadFullResult(db, tenantId, load);
  // Warm what a GET without parameters asks for, so the page opens on a HIT.
  await loadView(db, tenantId, DEFAULT_VIEW, load);

  let auto: AutoConfirmOutcome | undefined;
  try {
    auto = await autoConfirm(db, tenantId, full, { client });
  } catch (err) {
    log('error', 'reconciliation auto-confirm failed', { tenantId, err });
  }
  let rows = full.rows.length;
  if (auto?.confirmed) {
    // What the machine confirmed leaves the result: store the new one before telling the browsers.
    rows = (await loadFullResult(db, tenantId, load)).full.rows.length;
    await loadView(db, tenantId, DEFAULT_VIEW, load);
  }
  try {
    await publishEvent(getPrisma(), { type: 'reconciliation_ready', tenantId, entity: 'reconciliation' });
  } catch (err) {
    // The result is stored; a dashboard that misses the hint refetches on focus.
    log('warn', 'reconciliation_ready not published', { tenantId, err });
  }
  return { cache, receivablesCrawled: crawled, receivablesChanged: changed, rows, ...(auto ? { auto } : {}), elapsedMs: now() - started };
}

export const reconciliationPrecomputeJob = defineJob({
  name: 'reconciliation.precompute',
  schema: z.strictObject({ tenantId: z.uuid() }),
  // One per tenant; a queued run waits a second for the rest of a burst
  // (a sync's pages, a person confirming several rows).
  coalesce: { key: (p) => p.tenantId, delaySeconds: 1 },
  retry: { limit: 5, delaySeconds: 30, backoff: true, maxDelaySeconds: 900 },
  // A first crawl of a large firm waits for its Advbox budget (30 GET/min).
  timeoutSeconds: 20 * 60,
  keepDays: 2,
  handler: async ({ tenantId }, ctx) => {
    const r = await runReconciliationPrecompute(getPrisma(), tenantId, { signal: ctx.signal });
    return { ...r };
  },
});
