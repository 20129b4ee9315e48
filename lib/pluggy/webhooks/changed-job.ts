// `pluggy.webhook.changed`: what follows bank data changed by webhooks
// (afterBankDataChanged: cache invalidation, KPI refresh, reconciliation
// precompute, a `sync` hint), coalesced per tenant. A burst of a thousand
// events then costs a handful of these, each answering every event
// processed before it started, instead of a thousand of each step.
import { z } from 'zod';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';

export const webhookChangedJob = defineJob({
  name: 'pluggy.webhook.changed',
  schema: z.strictObject({ tenantId: z.uuid() }),
  // A queued run waits for the rest of a burst (a few seconds of staleness
  // for a thousand events costing a handful of refreshes).
  coalesce: { key: (p) => p.tenantId, delaySeconds: 5 },
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  timeoutSeconds: 5 * 60,
  keepDays: 1,
  handler: async ({ tenantId }) => afterBankDataChanged(tenantId, { source: 'webhook', complete: false }),
});

/** Called after an event's changes committed. Never throws: the KPI minute schedule is the safety net. */
export async function scheduleWebhookChanged(tenantId: string): Promise<void> {
  try {
    await enqueue(webhookChangedJob, { tenantId });
  } catch (err) {
    log('error', 'webhook follow-up not scheduled', { tenantId, err });
  }
}
