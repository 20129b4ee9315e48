import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { setTransactionIgnored } from '@/lib/pluggy/transactions';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({ ignored: z.boolean() });

export const PATCH = tenantRoute('PATCH /api/pluggy/transactions/[id]', { params: Params, body: Body }, async ({ db, auth, params, body, requestId }) =>
  setTransactionIgnored(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id, ignored: body.ignored }),
);
