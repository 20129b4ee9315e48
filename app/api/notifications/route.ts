import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { listNotifications } from '@/lib/notifications/notifications';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
});

export const GET = tenantRoute('GET /api/notifications', { query: Query }, async ({ db, auth, query }) =>
  listNotifications(db, { tenantId: auth.tenantId, userId: auth.userId, limit: query.limit, unreadOnly: query.unread }),
);
