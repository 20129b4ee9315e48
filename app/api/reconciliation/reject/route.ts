import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { advboxId, payerDocument, uuid } from '@/lib/reconciliation/api-schemas';
import { rejectMatch } from '@/lib/reconciliation/rejections';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ transactionId: uuid, customerId: advboxId, payerDocument: payerDocument.optional() });

export const POST = tenantRoute('POST /api/reconciliation/reject', { body: Body }, async ({ db, auth, body, requestId }) =>
  rejectMatch(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, ...body }),
);
