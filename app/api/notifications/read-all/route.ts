import { tenantRoute } from '@/lib/api/route';
import { markAllNotificationsRead } from '@/lib/notifications/notifications';

export const dynamic = 'force-dynamic';

export const POST = tenantRoute('POST /api/notifications/read-all', {}, async ({ db, auth }) =>
  markAllNotificationsRead(db, { tenantId: auth.tenantId, userId: auth.userId }),
);
