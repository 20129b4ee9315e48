// The `pluggy.webhook` job: one stored webhook event, processed once
// (process.ts). Enqueued by the webhook route in the transaction that
// stores the event, with the event's row id as idempotency key. High
// volume (a burst is a thousand at once): enqueued without NOTIFY, so
// storing an event does not serialise behind the database-wide NOTIFY
// lock; idle workers find it on their next poll.
import { z } from 'zod';
import { defineJob } from '@/lib/jobs/define';
import { processWebhookEvent } from './process';

export const pluggyWebhookJob = defineJob({
  name: 'pluggy.webhook',
  schema: z.strictObject({ tenantId: z.uuid(), eventDbId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 600 },
  timeoutSeconds: 10 * 60,
  concurrency: 8,
  notify: false,
  keepDays: 2,
  handler: async ({ tenantId, eventDbId }) => processWebhookEvent(tenantId, eventDbId),
});
