import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { JOB_STATES, listJobs } from '@/lib/jobs';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  state: z.enum(JOB_STATES).optional(),
  type: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'Tipo de trabalho inválido.').optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The tenant's recent background jobs, newest first: state, attempts, last error, progress. */
export const GET = tenantRoute('GET /api/jobs', { query: Query }, async ({ auth, query }) => listJobs({ tenantId: auth.tenantId, ...query }));
