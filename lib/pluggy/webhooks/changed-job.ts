// `pluggy.webhook.changed`: what follows bank data changed by webhooks
// (afterBankDataChanged: cache invalidation, KPI refresh, reconciliation
// precompute, a `sync` hint), coalesced per tenant. A burst of a thousand
// events then costs a handful of these, each answering every event
// processed before it started, instead of a thousand of each step.
//
// It also waits for the burst to settle: while the tenant still has events
// stored in the last few seconds and not yet processed, a run only queues
// the next one (SETTLE_DELAY_SECONDS later) instead of refreshing figures
// that the next batch changes again — for at most MAX_SETTLE_MS from the
// first deferral (per process), so a steady stream of deliveries still
// refreshes twice a minute.
import { z } from 'zod';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import { getPrisma } from '@/lib/prisma';

const SETTLE_DELAY_SECONDS = 3;
/** Events older than this and still unprocessed are failing ones, not a burst in progress. */
const BURST_WINDOW_MS = 30_000;
const MAX_SETTLE_MS = 30_000;
const deferringSince = new Map<string, number>();

/** Whether events of the tenant stored in the last BURST_WINDOW_MS are still waiting to be processed. */
async function burstInProgress(tenantId: string): Promise<boolean> {
  const pending = await getPrisma().pluggyWebhookEvent.findFirst({
    where: { tenantId, processedAt: null, receivedAt: { gt: new Date(Date.now() - BURST_WINDOW_MS) } },
    select: { id: true },
  });
  return pending !== null;
}

export const webhookChangedJob = defineJob({
  name: 'pluggy.webhook.changed',
  schema: z.strictObject({ tenantId: z.uuid() }),
  // A queued run waits for the rest of a burst (a few seconds of staleness
  // for a thousand events costing a handful of refreshes).
  coalesce: { key: (p) => p.tenantId, delaySeconds: 5 },
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  timeoutSeconds: 5 * 60,
  keepDays: 1,
  handler: async ({ tenantId }) => {
    const since = deferringSince.get(tenantId) ?? Date.now();
    if (Date.now() - since < MAX_SETTLE_MS && (await burstInProgress(tenantId))) {
      deferringSince.set(tenantId, since);
      await deferWebhookChanged(tenantId);
      return { deferred: true };
    }
    deferringSince.delete(tenantId);
    await afterBankDataChanged(tenantId, { source: 'webhook', complete: false });
    return { deferred: false };
  },
});

/** Stately queue: the running job is active, so this queues the next (or finds the one already queued). */
async function deferWebhookChanged(tenantId: string): Promise<void> {
  await enqueue(webhookChangedJob, { tenantId }, { startAfter: SETTLE_DELAY_SECONDS });
}

/** Called after an event's changes committed. Never throws: the KPI minute schedule is the safety net. */
export async function scheduleWebhookChanged(tenantId: string): Promise<void> {
  try {
    await enqueue(webhookChangedJob, { tenantId });
  } catch (err) {
    log('error', 'webhook follow-up not scheduled', { tenantId, err });
  }
}
