// A firm admin issues a password link for a member who cannot get in (a
// forgotten password, or sign-in throttled by someone else's guessing). The
// link sets the account's password, so whoever holds it holds the account:
// - only for an account that belongs to this firm alone, or the admin would
//   get into other firms through it (such a person asks the installation's
//   operator: `npm run auth:password-link`);
// - an OWNER's link only by an OWNER, like every other change to an owner.
// The link is returned once to the admin (no mail transport yet), never
// logged; using it signs the member out everywhere.
import { badRequest, conflict, forbidden, notFound } from '@/lib/api/errors';
import { hasRole, type Role } from '@/lib/api/roles';
import { writeAudit } from '@/lib/audit/write-audit';
import { issuePasswordLink } from '@/lib/auth/builtin';
import { authMode } from '@/lib/auth/mode';
import type { Db } from '@/lib/prisma';

export async function issueMemberPasswordLink(
  db: Db,
  actor: { tenantId: string; userId: string; role: Role; requestId?: string },
  memberId: string,
): Promise<{ link: string; expiresAt: string }> {
  if (authMode() === 'clerk') throw badRequest('Nesta instalação as senhas são gerenciadas pelo Clerk.');
  const m = await db.tenantUser.findFirst({ where: { id: memberId, tenantId: actor.tenantId } });
  if (!m) throw notFound('Membro não encontrado.');
  if (m.role === 'OWNER' && !hasRole(actor.role, 'OWNER')) {
    throw forbidden('Somente um proprietário pode gerar o link de outro proprietário.');
  }
  const elsewhere = await db.tenantUser.count({
    where: { userId: m.userId, tenantId: { not: actor.tenantId }, tenant: { deletedAt: null } },
  });
  if (elsewhere > 0) {
    throw conflict('Esta pessoa também participa de outro escritório; o link dela deve vir de quem administra a instalação.', {
      reason: 'member_of_other_firms',
    });
  }
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(m.userId);
  const user = isUuid ? await db.user.findUnique({ where: { id: m.userId }, select: { id: true } }) : null;
  if (!user) throw notFound('Membro não encontrado.');
  const issued = await issuePasswordLink(db, user.id, {
    alsoInTx: (tx) =>
      writeAudit(tx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        action: 'member.password_link_issued',
        entityType: 'tenant_user',
        entityId: m.id,
        metadata: { email: m.email },
        requestId: actor.requestId,
      }),
  });
  return { link: issued.link, expiresAt: issued.expiresAt.toISOString() };
}
