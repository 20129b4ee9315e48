// Which tenant a user is acting in. The active tenant is the membership the
// user selected most recently; ties (or never selected) fall back to the
// oldest membership, then the lowest id, so the answer is deterministic.
import type { Role } from '@/lib/api/roles';
import type { Db } from '@/lib/prisma';
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { forgetUser } from '@/lib/auth/auth-cache';

export interface Membership {
  tenantUserId: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: Role;
}

const ORDER = [{ lastSelectedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }] as const;

export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db.tenantUser.findMany({
    where: { userId, tenant: { deletedAt: null } },
    orderBy: [...ORDER],
    include: { tenant: { select: { name: true, slug: true } } },
  });
  return rows.map((r) => ({
    tenantUserId: r.id,
    tenantId: r.tenantId,
    tenantName: r.tenant.name,
    tenantSlug: r.tenant.slug,
    role: r.role,
  }));
}

export async function activeMembership(db: Db, userId: string): Promise<Membership | null> {
  const r = await db.tenantUser.findFirst({
    where: { userId, tenant: { deletedAt: null } },
    orderBy: [...ORDER],
    include: { tenant: { select: { name: true, slug: true } } },
  });
  return r
    ? { tenantUserId: r.id, tenantId: r.tenantId, tenantName: r.tenant.name, tenantSlug: r.tenant.slug, role: r.role }
    : null;
}

/**
 * The active tenant and role only, in one query (no joins back for names):
 * what every tenant route needs on its hot path.
 */
export interface ActiveRole {
  tenantUserId: string;
  tenantId: string;
  role: Role;
}

export async function activeRole(db: Db, userId: string): Promise<ActiveRole | null> {
  const r = await db.tenantUser.findFirst({
    where: { userId, tenant: { deletedAt: null } },
    orderBy: [...ORDER],
    select: { id: true, tenantId: true, role: true },
  });
  return r ? { tenantUserId: r.id, tenantId: r.tenantId, role: r.role } : null;
}

/** Makes `tenantId` the user's active tenant; 404 unless they are a member. */
export async function selectTenant(db: Db, userId: string, tenantId: string): Promise<Membership> {
  await db.$transaction(async (tx) => {
    const updated = await tx.tenantUser.updateMany({
      where: { userId, tenantId, tenant: { deletedAt: null } },
      data: { lastSelectedAt: new Date() },
    });
    if (updated.count === 0) throw notFound('Escritório não encontrado.');
    // Only the chosen membership carries a selection time, so equal clock
    // readings (same millisecond, skewed servers) cannot make an older choice win.
    await tx.tenantUser.updateMany({ where: { userId, tenantId: { not: tenantId } }, data: { lastSelectedAt: null } });
    await writeAudit(tx, { tenantId, actorId: userId, action: 'tenant.selected', entityType: 'tenant', entityId: tenantId });
  });
  forgetUser(userId);
  const m = await activeMembership(db, userId);
  if (!m) throw notFound('Escritório não encontrado.');
  return m;
}
