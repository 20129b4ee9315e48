import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { undoReconciliation } from '@/lib/reconciliation/records';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

// The same as POST …/[id]/undo without a reason: reopens in Advbox, keeps the record as UNDONE.
export const DELETE = tenantRoute('DELETE /api/reconciliation/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  undoReconciliation(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }),
);
