import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { deleteTenant } from '@/lib/tenants/delete-tenant';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ confirmSlug: z.string().trim().min(1).max(48) });

export const DELETE = tenantRoute('DELETE /api/tenants/current', { body: Body }, async ({ db, auth, body, requestId }) =>
  deleteTenant(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, confirmSlug: body.confirmSlug }),
);
