import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { deleteItem } from '@/lib/pluggy/items/delete-item';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const DELETE = tenantRoute('DELETE /api/pluggy/items/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  deleteItem(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }),
);
