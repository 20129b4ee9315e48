// The signed-in page's session: identity, memberships and the active tenant
// (the first membership, lib/tenants/membership.ts's order). Pages read the
// tenant only from here, never from the URL. React's cache() makes it one
// lookup per render however many server components ask.
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { currentIdentity } from '@/lib/auth/current';
import { getPrisma } from '@/lib/prisma';
import { listMemberships } from '@/lib/tenants/membership';

export const pageSession = cache(async () => {
  const identity = await currentIdentity();
  if (!identity) redirect('/entrar');
  const tenants = await listMemberships(getPrisma(), identity.userId);
  const active = tenants[0];
  if (!active) redirect('/onboarding');
  return { identity, tenants, active, tenantId: active.tenantId, userId: identity.userId, role: active.role };
});
