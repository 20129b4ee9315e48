import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { confirmImport } from '@/lib/statements/imports';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
// saveMapping: keep this file's CSV column mapping for the account's next files (default yes).
const Body = z.strictObject({ saveMapping: z.boolean().default(true) });

export const POST = tenantRoute('POST /api/statements/imports/[id]/confirm', { params: Params, body: Body }, async ({ db, auth, params, body, requestId }) =>
  Response.json(
    await confirmImport(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, id: params.id, saveMapping: body.saveMapping }),
    { status: 202 },
  ),
);
