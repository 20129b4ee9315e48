// The signed-in page's session: identity, memberships and the active tenant
// (the first membership, lib/tenants/membership.ts's order). Pages read the
// tenant only from here, never from the URL. React's cache() makes it one
// lookup per render however many server components ask.
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { currentIdentity } from '@/lib/auth/current';
import { getPrisma } from '@/lib/prisma';
import { eventCursor } from '@/lib/sse';
import { listMemberships } from '@/lib/tenants/membership';

export const pageSession = cache(async () => {
  // Read before any data of the page (layout and page both start here): the
  // browser replays the events after it, so none between render and listener is lost.
  const since = eventCursor().catch(() => null);
  const identity = await currentIdentity();
  if (!identity) redirect('/entrar');
  const tenants = await listMemberships(getPrisma(), identity.userId);
  const active = tenants[0];
  if (!active) redirect('/onboarding');
  return { identity, tenants, active, tenantId: active.tenantId, userId: identity.userId, role: active.role, since: await since };
});
