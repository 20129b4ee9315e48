import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { unlinkPayer } from '@/lib/reconciliation/mappings';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const DELETE = tenantRoute('DELETE /api/reconciliation/mappings/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  unlinkPayer(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }),
);
