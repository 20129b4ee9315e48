import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { deleteWebhook } from '@/lib/pluggy/webhooks/setup';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const DELETE = tenantRoute('DELETE /api/pluggy/webhooks/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  deleteWebhook(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }),
);
