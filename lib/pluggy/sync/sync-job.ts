// The `pluggy.sync` job: one sync of a tenant (run-sync.ts). Coalesced per
// tenant: at most one running and one queued, so a tenant's syncs never
// overlap and a burst of clicks costs at most one more run.
import { z } from 'zod';
import { defineJob } from '@/lib/jobs/define';
import { runSync } from './run-sync';

export const SYNC_RETRY = { limit: 4, delaySeconds: 15, backoff: true, maxDelaySeconds: 600 } as const;

export const pluggySyncJob = defineJob({
  name: 'pluggy.sync',
  schema: z.strictObject({
    tenantId: z.uuid(),
    full: z.boolean().default(false),
    actorId: z.string().max(191).nullable().default(null),
  }),
  retry: SYNC_RETRY,
  // 100,000 rows take well under a minute; the rest is Pluggy's rate limits.
  timeoutSeconds: 30 * 60,
  coalesce: { key: (p) => p.tenantId },
  handler: async (payload, ctx) =>
    runSync(payload, { jobId: ctx.jobId, progress: ctx.progress, signal: ctx.signal, finalAttempt: ctx.attempt > SYNC_RETRY.limit }),
});
