import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { undoReconciliation } from '@/lib/reconciliation/records';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export const POST = tenantRoute('POST /api/reconciliation/[id]/undo', { params: Params, body: Body }, async ({ db, auth, params, body, requestId }) =>
  undoReconciliation(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id, reason: body.reason }),
);
