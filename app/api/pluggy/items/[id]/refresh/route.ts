import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { refreshItem } from '@/lib/pluggy/items/refresh-item';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const POST = tenantRoute('POST /api/pluggy/items/[id]/refresh', { params: Params }, async ({ db, auth, params, requestId }) =>
  json(await refreshItem(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }), { status: 202 }),
);
