import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { getSyncStatus } from '@/lib/pluggy/sync/start-sync';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ jobId: z.uuid('Identificador inválido.') });

/** State and progress of one sync of the tenant (404 for another tenant's or another kind of job). */
export const GET = tenantRoute('GET /api/pluggy/sync/[jobId]', { params: Params }, async ({ auth, params }) => getSyncStatus(auth.tenantId, params.jobId));
