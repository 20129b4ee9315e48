import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { retryJob } from '@/lib/jobs';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({});

/** Runs a failed job of the tenant again (409 unless it failed; 404 for another tenant's). */
export const POST = tenantRoute('POST /api/jobs/[id]/retry', { params: Params, body: Body }, async ({ db, auth, params, requestId }) =>
  retryJob(db, { tenantId: auth.tenantId, id: params.id, actorId: auth.userId, requestId }),
);
