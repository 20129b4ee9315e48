// The webhook processing jobs.
//
// `pluggy.webhook.batch` (what the route enqueues): every stored, unprocessed
// event of a tenant (processPendingWebhookEvents), coalesced per tenant — at
// most one running and one queued, the queued one waiting a second for the
// rest of a burst — so a thousand deliveries cost a handful of jobs, not a
// thousand fetch/run/complete rounds. An acknowledged event always has a
// queued or running batch after it: one queued when it was stored either
// has not started yet or is the one its enqueue just created.
//
// `pluggy.webhook` (one event by its row id) was the route's job before the
// batch; kept so events already queued under it on an upgrade still run.
//
// Both are enqueued without NOTIFY, so storing an event does not serialise
// behind the database-wide NOTIFY lock; idle workers find them on their next poll.
import { z } from 'zod';
import { defineJob } from '@/lib/jobs/define';
import { processPendingWebhookEvents, processWebhookEvent } from './process';

export const pluggyWebhookBatchJob = defineJob({
  name: 'pluggy.webhook.batch',
  schema: z.strictObject({ tenantId: z.uuid() }),
  coalesce: { key: (p) => p.tenantId, delaySeconds: 1 },
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 600 },
  timeoutSeconds: 10 * 60,
  // Tenants in parallel; one tenant's batch at a time (coalesced).
  concurrency: 4,
  notify: false,
  keepDays: 2,
  handler: async ({ tenantId }) => processPendingWebhookEvents(tenantId),
});

/** @deprecated events are processed by pluggyWebhookBatchJob; this drains what an older version queued. */
export const pluggyWebhookJob = defineJob({
  name: 'pluggy.webhook',
  schema: z.strictObject({ tenantId: z.uuid(), eventDbId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 600 },
  timeoutSeconds: 10 * 60,
  concurrency: 2,
  notify: false,
  keepDays: 2,
  handler: async ({ tenantId, eventDbId }) => processWebhookEvent(tenantId, eventDbId),
});
