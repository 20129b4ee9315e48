import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { advboxId, payerDocument } from '@/lib/reconciliation/api-schemas';
import { linkPayer } from '@/lib/reconciliation/mappings';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  payerDocument,
  customerId: advboxId,
  payerName: z.string().trim().min(1).max(160).optional(),
});

export const POST = tenantRoute('POST /api/reconciliation/link', { body: Body }, async ({ db, auth, body, requestId }) =>
  linkPayer(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, payerDocument: body.payerDocument, customerId: Number(body.customerId), payerName: body.payerName }),
);
