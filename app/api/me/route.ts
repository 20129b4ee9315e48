import { userRoute } from '@/lib/api/route';
import { listMemberships } from '@/lib/tenants/membership';

export const dynamic = 'force-dynamic';

export const GET = userRoute('GET /api/me', {}, async ({ db, identity }) => {
  const tenants = await listMemberships(db, identity.userId);
  const active = tenants[0] ?? null;
  return {
    user: { id: identity.userId, email: identity.email, name: identity.name, authMode: identity.mode },
    activeTenant: active ? { id: active.tenantId, name: active.tenantName, slug: active.tenantSlug, role: active.role } : null,
    tenants: tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, slug: t.tenantSlug, role: t.role })),
  };
});
