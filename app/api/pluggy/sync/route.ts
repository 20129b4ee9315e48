import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { currentSync, startSync } from '@/lib/pluggy/sync/start-sync';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ full: z.boolean().optional() });

/** Enqueues a sync of the tenant's banks; while one is queued or running, answers with that one's id. */
export const POST = tenantRoute('POST /api/pluggy/sync', { body: Body }, async ({ auth, body }) => {
  const { jobId, alreadyRunning } = await startSync({ tenantId: auth.tenantId, actorId: auth.userId, full: body.full });
  return json({ jobId, alreadyRunning }, { status: 202 });
});

/** The tenant's queued / running sync (else its last one) and the last successful sync time: a page's initial state before the `sync` events. */
export const GET = tenantRoute('GET /api/pluggy/sync', {}, async ({ auth }) => currentSync(auth.tenantId));
