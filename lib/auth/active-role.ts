// The caller's active tenant and role, remembered in process like the session
// (auth-cache.ts). The session query already returns it, so a request whose
// session had to be loaded primes it and the route does not query again.
import { cachedLookup } from '@/lib/auth/auth-cache';
import { getPrisma } from '@/lib/prisma';
import { activeRole, type ActiveRole } from '@/lib/tenants/membership';

const roles = cachedLookup<ActiveRole | null>('active-roles');
const whose = (userId: string) => () => ({ userId });

export function activeRoleFor(userId: string): Promise<ActiveRole | null> {
  return roles.get(userId, () => activeRole(getPrisma(), userId), whose(userId));
}

/** Remembers a role loaded with the session; `since` is authSeq() read before that query. */
export function primeActiveRole(userId: string, role: ActiveRole | null, since: number): void {
  roles.prime(userId, role, whose(userId), since);
}

