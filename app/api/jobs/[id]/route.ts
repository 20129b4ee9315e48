import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { getJob } from '@/lib/jobs';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

/** One background job of the tenant (404 for another tenant's). */
export const GET = tenantRoute('GET /api/jobs/[id]', { params: Params }, async ({ auth, params }) => getJob({ tenantId: auth.tenantId, id: params.id }));
