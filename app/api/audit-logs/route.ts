import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { listAuditLogs } from '@/lib/audit/list-audit-logs';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  entityType: z.string().trim().min(1).max(60).optional(),
  entityId: z.string().trim().min(1).max(191).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const GET = tenantRoute('GET /api/audit-logs', { query: Query }, async ({ db, auth, query }) =>
  listAuditLogs(db, { tenantId: auth.tenantId, userId: auth.userId, role: auth.role, ...query }),
);
