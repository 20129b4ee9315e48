import { z } from 'zod';
import { userRoute } from '@/lib/api/route';
import { selectTenant } from '@/lib/tenants/membership';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ tenantId: z.uuid() });

/** Switches the caller's active tenant (only among their memberships). */
export const PUT = userRoute('PUT /api/me/tenant', { body: Body }, async ({ db, identity, body }) => {
  const m = await selectTenant(db, identity.userId, body.tenantId);
  return { activeTenant: { id: m.tenantId, name: m.tenantName, slug: m.tenantSlug, role: m.role } };
});
