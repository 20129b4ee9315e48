import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { renameAccount } from '@/lib/pluggy/accounts';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({
  displayName: z.union([z.string().trim().min(1, 'Informe um nome.').max(120, 'Máximo 120 caracteres.'), z.null()]),
});

export const PATCH = tenantRoute('PATCH /api/pluggy/accounts/[id]', { params: Params, body: Body }, async ({ db, auth, params, body, requestId }) =>
  renameAccount(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id, displayName: body.displayName }),
);
