import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { undoImport } from '@/lib/statements/imports';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({});

export const POST = tenantRoute('POST /api/statements/imports/[id]/undo', { params: Params, body: Body }, async ({ db, auth, params, requestId }) =>
  undoImport(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id }),
);
