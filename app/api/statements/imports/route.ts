import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { listImports } from '@/lib/statements/imports';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  accountId: z.uuid('Conta inválida.').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const GET = tenantRoute('GET /api/statements/imports', { query: Query }, async ({ db, auth, query }) => listImports(db, auth.tenantId, query));
