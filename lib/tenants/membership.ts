// Which tenant a user is acting in. The active tenant is the membership the
// user selected most recently; ties (or never selected) fall back to the
// oldest membership, then the lowest id, so the answer is deterministic.
import type { Role } from '@/lib/api/roles';
import { Prisma } from '@/lib/generated/prisma/client';
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

export interface ActiveRole {
  tenantUserId: string;
  tenantId: string;
  role: Role;
}

/**
 * The active membership as SQL (the same rule as ORDER above), for queries
 * that need it joined in: selects id, tenant_id, role of the user given by
 * `userId` (a parameter, or a column expression of the outer query).
 */
export function activeMembershipSql(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT tu.id, tu.tenant_id, tu.role::text AS role
      FROM tenant_users tu JOIN tenants t ON t.id = tu.tenant_id AND t.deleted_at IS NULL
     WHERE tu.user_id = ${userId}
     ORDER BY tu.last_selected_at DESC NULLS LAST, tu.created_at ASC, tu.id ASC
     LIMIT 1`;
}

/**
 * The active tenant and role only, in one query (no joins back for names):
 * what every tenant route needs on its hot path.
 */
export async function activeRole(db: Db, userId: string): Promise<ActiveRole | null> {
  const rows = await db.$queryRaw<{ id: string; tenant_id: string; role: Role }[]>(activeMembershipSql(Prisma.sql`${userId}`));
  const r = rows[0];
  return r ? { tenantUserId: r.id, tenantId: r.tenant_id, role: r.role } : null;
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
