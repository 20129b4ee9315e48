import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { listMappings } from '@/lib/reconciliation/mappings';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const GET = tenantRoute('GET /api/reconciliation/mappings', { query: Query }, async ({ db, auth, query }) => listMappings(db, auth.tenantId, query));
