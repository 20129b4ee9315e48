import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { advboxId, uuid } from '@/lib/reconciliation/api-schemas';
import { BULK_MAX_ITEMS, startBulkConfirm } from '@/lib/reconciliation/bulk-confirm';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  items: z.array(z.strictObject({ transactionId: uuid, receivableIds: z.array(advboxId).min(1).max(3) })).min(1).max(BULK_MAX_ITEMS),
});

// 202 with the job's id: GET /api/jobs/[id] shows progress and, once done, each item's outcome.
export const POST = tenantRoute('POST /api/reconciliation/bulk-confirm', { body: Body }, async ({ db, auth, body, requestId }) =>
  json(await startBulkConfirm(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, items: body.items }), { status: 202 }),
);
