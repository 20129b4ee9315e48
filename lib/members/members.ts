// Tenant membership management. ADMIN manages MEMBER/VIEWER/ADMIN; only an
// OWNER grants, changes or removes OWNER, and the last OWNER can never be
// demoted or removed (a firm must always have someone who can delete it).
import { conflict, forbidden, notFound } from '@/lib/api/errors';
import { hasRole, type Role } from '@/lib/api/roles';
import { writeAudit } from '@/lib/audit/write-audit';
import { forgetUser } from '@/lib/auth/auth-cache';
import type { Db, Tx } from '@/lib/prisma';

export interface MemberDto {
  id: string;
  userId: string;
  email: string | null;
  name: string | null;
  role: Role;
  createdAt: string;
}

interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
  requestId?: string;
}

function dto(r: { id: string; userId: string; email: string | null; name: string | null; role: Role; createdAt: Date }): MemberDto {
  return { id: r.id, userId: r.userId, email: r.email, name: r.name, role: r.role, createdAt: r.createdAt.toISOString() };
}

export async function listMembers(db: Db, tenantId: string): Promise<MemberDto[]> {
  const rows = await db.tenantUser.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(dto);
}

export function assertCanAssign(actor: Pick<Actor, 'role'>, role: Role) {
  if (role === 'OWNER' && !hasRole(actor.role, 'OWNER')) {
    throw forbidden('Somente um proprietário pode conceder o papel de proprietário.');
  }
}

async function ownerCount(tx: Tx, tenantId: string) {
  return tx.tenantUser.count({ where: { tenantId, role: 'OWNER' } });
}

// Membership changes of one firm are serialised on its tenants row, so two
// owners demoting or removing each other at once cannot leave it ownerless.
async function lockTenant(tx: Tx, tenantId: string) {
  await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
}

export async function changeMemberRole(db: Db, actor: Actor, memberId: string, role: Role): Promise<MemberDto> {
  assertCanAssign(actor, role);
  let memberUserId: string | undefined;
  const changed = await db.$transaction(async (tx) => {
    await lockTenant(tx, actor.tenantId);
    const m = await tx.tenantUser.findFirst({ where: { id: memberId, tenantId: actor.tenantId } });
    if (!m) throw notFound('Membro não encontrado.');
    if (m.role === 'OWNER' && !hasRole(actor.role, 'OWNER')) {
      throw forbidden('Somente um proprietário pode alterar outro proprietário.');
    }
    if (m.role === 'OWNER' && role !== 'OWNER' && (await ownerCount(tx, actor.tenantId)) <= 1) {
      throw conflict('O escritório precisa de pelo menos um proprietário.');
    }
    memberUserId = m.userId;
    const row = await tx.tenantUser.update({ where: { id: m.id }, data: { role } });
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.role_changed',
      entityType: 'tenant_user',
      entityId: m.id,
      metadata: { from: m.role, to: role },
      requestId: actor.requestId,
    });
    return dto(row);
  });
  if (memberUserId) forgetUser(memberUserId);
  return changed;
}

export async function removeMember(db: Db, actor: Actor, memberId: string): Promise<{ id: string; removed: true }> {
  let memberUserId: string | undefined;
  const removed = await db.$transaction(async (tx) => {
    await lockTenant(tx, actor.tenantId);
    const m = await tx.tenantUser.findFirst({ where: { id: memberId, tenantId: actor.tenantId } });
    if (!m) throw notFound('Membro não encontrado.');
    if (m.role === 'OWNER' && !hasRole(actor.role, 'OWNER')) {
      throw forbidden('Somente um proprietário pode remover outro proprietário.');
    }
    if (m.role === 'OWNER' && (await ownerCount(tx, actor.tenantId)) <= 1) {
      throw conflict('O escritório precisa de pelo menos um proprietário.');
    }
    memberUserId = m.userId;
    await tx.tenantUser.delete({ where: { id: m.id } });
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.removed',
      entityType: 'tenant_user',
      entityId: m.id,
      metadata: { email: m.email, role: m.role },
      requestId: actor.requestId,
    });
    return { id: m.id, removed: true as const };
  });
  if (memberUserId) forgetUser(memberUserId);
  return removed;
}
