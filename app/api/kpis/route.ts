import { z } from 'zod';
import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { getKpisForTenant, getKpiViewAsOf } from '@/lib/kpi-view';
import type { Db } from '@/lib/prisma';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use o formato AAAA-MM.').optional(),
});

async function kpis(db: Db, tenantId: string, month?: string) {
  const [rows, asOf] = await Promise.all([getKpisForTenant(db, tenantId, month), getKpiViewAsOf(db)]);
  return { asOf: asOf?.toISOString() ?? null, kpis: rows };
}

/** Monthly totals from mv_tenant_kpis (one month is cached as tenant:{id}:kpis:{month}); `asOf` says how fresh the view is. */
export const GET = tenantRoute('GET /api/kpis', { query: Query }, async (ctx) => {
  const { month } = ctx.query;
  if (!month) return kpis(ctx.db, ctx.auth.tenantId);
  return withCache(ctx, { resource: 'kpis', params: { month } }, () => kpis(ctx.db, ctx.auth.tenantId, month));
});
