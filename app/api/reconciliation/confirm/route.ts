import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { advboxId, uuid } from '@/lib/reconciliation/api-schemas';
import { confirmReconciliation } from '@/lib/reconciliation/confirm';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  transactionId: uuid,
  // One receivable, or a split of up to three (the engine's maximum).
  receivableIds: z.array(advboxId).min(1).max(3),
  idempotencyKey: z.string().trim().min(8).max(128).regex(/^[\w.:-]+$/, 'Use letras, números, ".", ":", "_" ou "-".').optional(),
});

export const POST = tenantRoute('POST /api/reconciliation/confirm', { body: Body }, async ({ db, auth, body, requestId }) =>
  confirmReconciliation(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, ...body }),
);
