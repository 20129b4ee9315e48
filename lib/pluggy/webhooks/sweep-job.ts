// The recovery sweep of webhook acknowledgements. An acknowledged event is
// durably stored before the 200, and its tenant's batch job is queued just
// after — off the acknowledgement's critical path. Should that enqueue be
// lost (the process dies between the two, the queue errors), the event would
// wait for the tenant's next delivery; this job, every minute and when a
// process starts its workers, queues the batch job of every tenant with an
// event stored more than SWEEP_AFTER_SECONDS ago, still unprocessed, that no
// batch job has been queued or started after.
import { z } from 'zod';
import { getBoss, JOBS_SCHEMA } from '@/lib/jobs/boss';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import { pluggyWebhookBatchJob } from './process-job';

/** An event younger than this is left to the enqueue its acknowledgement made. */
export const SWEEP_AFTER_SECONDS = 30;
/** Older unprocessed events are failures the batch job's retries gave up on, not lost enqueues. */
const SWEEP_WINDOW = '1 day';

/**
 * Queues the batch job of the tenants whose events were stored without one
 * after them (of these tenants only, when given). Returns those tenants.
 */
export async function sweepUnqueuedWebhookEvents(opts: { tenantIds?: string[]; afterSeconds?: number } = {}): Promise<string[]> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `SELECT DISTINCT e.tenant_id::text AS "tenantId"
       FROM pluggy_webhook_events e
      WHERE e.processed_at IS NULL
        AND e.received_at < now() - make_interval(secs => $1)
        AND e.received_at > now() - interval '${SWEEP_WINDOW}'
        AND ($3::uuid[] IS NULL OR e.tenant_id = ANY($3::uuid[]))
        AND NOT EXISTS (
          SELECT 1 FROM ${JOBS_SCHEMA}.job j
           WHERE j.name = $2 AND j.data->>'tenantId' = e.tenant_id::text
             AND (j.state IN ('created', 'retry') OR j.created_on >= e.received_at OR j.started_on >= e.received_at))`,
    [opts.afterSeconds ?? SWEEP_AFTER_SECONDS, pluggyWebhookBatchJob.name, opts.tenantIds ?? null],
  );
  const tenants = (rows as { tenantId: string }[]).map((r) => r.tenantId);
  for (const tenantId of tenants) await enqueue(pluggyWebhookBatchJob, { tenantId });
  if (tenants.length) log('warn', 'webhook events found without a batch job after them; queued', { tenants: tenants.length });
  return tenants;
}

export const pluggyWebhookSweepJob = defineJob({
  name: 'pluggy.webhook.sweep',
  schema: z.strictObject({}),
  // One sweep at a time, whoever asks: enqueueing a coalesced job twice is harmless anyway.
  coalesce: {},
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  timeoutSeconds: 5 * 60,
  schedule: { cron: '* * * * *', runAtStart: true },
  notify: false,
  keepDays: 1,
  handler: async () => ({ tenants: (await sweepUnqueuedWebhookEvents()).length }),
});
