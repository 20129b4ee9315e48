import { z } from 'zod';
import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@/lib/reconciliation/config';
import { isoDate } from '@/lib/reconciliation/api-schemas';
import { loadFullResult, viewParams } from '@/lib/reconciliation/full';
import { buildView } from '@/lib/reconciliation/result';

export const dynamic = 'force-dynamic';

// A MISS with nothing stored yet crawls Advbox while the person waits: bounded, not the background's 10 min.
const PERSON_WAITING = { maxWaitMs: 20_000, timeoutMs: 20_000 };

const Query = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: z.enum(['all', 'auto', 'suggested', 'unmatched']).default('all'),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'A data inicial deve ser anterior à final.', path: ['from'] });

// The precomputed page when current (X-Cache: HIT); otherwise cut from the
// tenant's full result (itself precomputed, or computed once per instance
// and generation: concurrent requests share it).
export const GET = tenantRoute('GET /api/reconciliation', { query: Query }, async (ctx) =>
  withCache(ctx, { resource: 'recon', params: viewParams(ctx.query) }, async () =>
    buildView((await loadFullResult(ctx.db, ctx.auth.tenantId, { clientOptions: PERSON_WAITING })).full, ctx.query),
  ),
);
