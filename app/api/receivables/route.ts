import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { listReceivables } from '@/lib/billing/receivables';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  bucket: z.enum(['overdue', 'today', 'soon', 'all']).default('overdue'),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Open receivables for collection (Cobranças): overdue / due today / due in the next 7 days. */
export const GET = tenantRoute('GET /api/receivables', { query: Query }, async ({ db, auth, query }) => listReceivables(db, auth.tenantId, query));
