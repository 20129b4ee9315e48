import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { markNotificationRead } from '@/lib/notifications/notifications';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });
const Body = z.strictObject({ read: z.boolean().default(true) });

export const PATCH = tenantRoute('PATCH /api/notifications/[id]', { params: Params, body: Body }, async ({ db, auth, params, body }) =>
  markNotificationRead(db, { tenantId: auth.tenantId, userId: auth.userId, id: params.id, read: body.read }),
);
