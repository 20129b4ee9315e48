import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { getImport } from '@/lib/statements/imports';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const GET = tenantRoute('GET /api/statements/imports/[id]', { params: Params }, async ({ db, auth, params }) => getImport(db, auth.tenantId, params.id));
