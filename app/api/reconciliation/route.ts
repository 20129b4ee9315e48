import { z } from 'zod';
import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { listReconciliations } from '@/lib/reconciliation/records';

export const dynamic = 'force-dynamic';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use o formato AAAA-MM-DD.');
const Query = z.strictObject({
  status: z.enum(['CONFIRMED', 'UNDONE']).optional(),
  from: date.optional(),
  to: date.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const GET = tenantRoute('GET /api/reconciliation', { query: Query }, async (ctx) =>
  withCache(ctx, { resource: 'recon', params: ctx.query }, () => listReconciliations(ctx.db, ctx.auth.tenantId, ctx.query)),
);
