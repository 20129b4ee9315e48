import { z } from 'zod';
import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { isoDate } from '@/lib/reconciliation/api-schemas';
import { listReconciliations } from '@/lib/reconciliation/records';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  status: z.enum(['CONFIRMED', 'UNDONE']).optional(),
  source: z.enum(['AUTO', 'MANUAL']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const GET = tenantRoute('GET /api/reconciliation/history', { query: Query }, async (ctx) =>
  withCache(ctx, { resource: 'recon', params: { scope: 'history', ...ctx.query } }, () => listReconciliations(ctx.db, ctx.auth.tenantId, ctx.query)),
);
