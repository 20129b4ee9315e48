import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { isoDate, ORDER_ERROR, orderedRange } from '@/lib/api/schemas';
import { listAuditLogs, SYSTEM_ACTOR } from '@/lib/audit/list-audit-logs';

export const dynamic = 'force-dynamic';

const Query = z
  .strictObject({
    entityType: z.string().trim().min(1).max(60).optional(),
    entityId: z.string().trim().min(1).max(191).optional(),
    actorId: z.union([z.uuid('Pessoa inválida.'), z.literal(SYSTEM_ACTOR)]).optional(),
    action: z.string().trim().regex(/^[a-z0-9_.]{1,80}$/, 'Ação inválida.').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine(orderedRange, ORDER_ERROR);

export const GET = tenantRoute('GET /api/audit-logs', { query: Query }, async ({ db, auth, query }) =>
  listAuditLogs(db, { tenantId: auth.tenantId, userId: auth.userId, role: auth.role, ...query }),
);
