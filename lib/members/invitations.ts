// Inviting a person to a firm. An invitation is pending (tenant_invitations)
// until the invitee accepts it with its link: by signing up or signing in
// with the invited e-mail (built-in auth), or, already signed in, from the
// invitation page (built-in auth with that e-mail; Clerk with the invited
// Clerk user). Until then the person is no member and no account is made for
// them, so an invitation never tells the inviter whether the e-mail has an
// account, never changes anyone's active firm behind their back, and never
// keeps the e-mail's owner from signing up. Accepting needs the link's token,
// not only the e-mail: built-in sign-up does not prove the e-mail, so the
// e-mail alone would let whoever registers it first claim the seat.
// The link is a credential: it is returned once to the inviting admin (there
// is no mail transport yet) and never logged.
import { ApiError, badRequest, conflict, notFound } from '@/lib/api/errors';
import type { Role } from '@/lib/api/roles';
import { writeAudit } from '@/lib/audit/write-audit';
import { forgetUser } from '@/lib/auth/auth-cache';
import { normalizeEmail } from '@/lib/auth/builtin/email';
import { invitationLink } from '@/lib/auth/builtin/links';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';
import { authMode } from '@/lib/auth/mode';
import { assertCanAssign } from '@/lib/members/members';
import type { Db } from '@/lib/prisma';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationDto {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  clerkUserId: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
  requestId?: string;
}

/** Who is accepting: the signed-in (or just signed-up) identity. */
export interface Invitee {
  userId: string;
  mode: 'builtin' | 'clerk';
  email: string | null;
  name: string | null;
}

type Row = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  clerkUserId: string | null;
  createdAt: Date;
  expiresAt: Date;
};

function dto(r: Row, now = Date.now()): InvitationDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    clerkUserId: r.clerkUserId,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    expired: r.expiresAt.getTime() <= now,
  };
}

export function invalidInvitation(): ApiError {
  return badRequest('Convite inválido ou expirado. Peça um novo convite a quem o enviou.', { reason: 'invalid_invitation' });
}

function notTheInvitee(mode: Invitee['mode']): ApiError {
  return new ApiError(
    'forbidden',
    mode === 'clerk'
      ? 'Este convite foi enviado para outra conta.'
      : 'Este convite foi enviado para outro e-mail. Use o e-mail convidado.',
    { reason: 'invitation_for_someone_else' },
  );
}

export interface InviteInput {
  email: string;
  name?: string;
  role: Role;
  clerkUserId?: string;
}

/**
 * Creates (or renews: a new link, role and name) the pending invitation of
 * an e-mail. The answer holds only what the inviter typed, plus the link.
 */
export async function inviteMember(db: Db, actor: Actor, input: InviteInput): Promise<{ invitation: InvitationDto; link: string }> {
  assertCanAssign(actor, input.role);
  const email = normalizeEmail(input.email);
  const clerk = authMode() === 'clerk';
  if (clerk && !input.clerkUserId) throw badRequest('Informe o ID do usuário no Clerk (clerkUserId).', { field: 'clerkUserId' });
  // Someone already in this firm is listed by GET /api/members anyway, so
  // saying so reveals nothing about other firms.
  const userId = clerk ? input.clerkUserId! : (await db.user.findUnique({ where: { email }, select: { id: true } }))?.id;
  if (userId && (await db.tenantUser.findUnique({ where: { tenantId_userId: { tenantId: actor.tenantId, userId } }, select: { id: true } }))) {
    throw conflict('Esta pessoa já faz parte do escritório.');
  }
  const { token, hash } = newToken();
  const fields = {
    name: input.name ?? null,
    role: input.role,
    clerkUserId: clerk ? input.clerkUserId! : null,
    tokenHash: hash,
    invitedBy: actor.userId,
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  };
  const row = await db.$transaction(async (tx) => {
    const r = await tx.tenantInvitation.upsert({
      where: { tenantId_email: { tenantId: actor.tenantId, email } },
      create: { tenantId: actor.tenantId, email, ...fields },
      update: fields,
    });
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.invited',
      entityType: 'tenant_invitation',
      entityId: r.id,
      metadata: { email, role: input.role },
      requestId: actor.requestId,
    });
    return r;
  });
  return { invitation: dto(row), link: invitationLink(token) };
}

export async function listInvitations(db: Db, tenantId: string): Promise<InvitationDto[]> {
  const rows = await db.tenantInvitation.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const now = Date.now();
  return rows.map((r) => dto(r, now));
}

export async function revokeInvitation(db: Db, actor: Actor, id: string): Promise<{ id: string; revoked: true }> {
  await db.$transaction(async (tx) => {
    const inv = await tx.tenantInvitation.findFirst({ where: { id, tenantId: actor.tenantId } });
    if (!inv) throw notFound('Convite não encontrado.');
    // Only an owner may withdraw an invitation to be an owner, as only an owner may issue one.
    assertCanAssign(actor, inv.role);
    await tx.tenantInvitation.delete({ where: { id: inv.id } });
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.invitation_revoked',
      entityType: 'tenant_invitation',
      entityId: inv.id,
      metadata: { email: inv.email, role: inv.role },
      requestId: actor.requestId,
    });
  });
  return { id, revoked: true };
}

/** What the invitation page shows to whoever holds the link; null when it is not usable. */
export async function findInvitation(
  db: Db,
  token: string,
): Promise<{ email: string; role: Role; tenantName: string; expiresAt: Date; forClerkUser: boolean } | null> {
  if (!isWellFormedToken(token)) return null;
  const inv = await db.tenantInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { name: true, deletedAt: true } } },
  });
  if (!inv || inv.expiresAt.getTime() <= Date.now() || inv.tenant.deletedAt) return null;
  return { email: inv.email, role: inv.role, tenantName: inv.tenant.name, expiresAt: inv.expiresAt, forClerkUser: inv.clerkUserId !== null };
}

function assertInvitee(inv: { email: string; clerkUserId: string | null }, who: Pick<Invitee, 'mode' | 'email' | 'userId'>): void {
  const matches =
    who.mode === 'clerk' ? inv.clerkUserId !== null && inv.clerkUserId === who.userId : who.email !== null && normalizeEmail(who.email) === inv.email;
  if (!matches) throw notTheInvitee(who.mode);
}

/**
 * Checks, before signing someone up or in, that the link is usable by that
 * e-mail, so a bad link leaves nothing behind. (Acceptance checks again.)
 */
export async function assertInvitationFor(db: Db, token: string, email: string): Promise<void> {
  if (!isWellFormedToken(token)) throw invalidInvitation();
  const inv = await db.tenantInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { deletedAt: true } } },
  });
  if (!inv || inv.expiresAt.getTime() <= Date.now() || inv.tenant.deletedAt) throw invalidInvitation();
  assertInvitee(inv, { mode: 'builtin', email, userId: '' });
}

/**
 * Accepts the invitation of `token` for `who`: they become a member with the
 * invited role (an existing member keeps their role), the firm becomes their
 * active one (they asked to join it), and the invitation is spent.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  who: Invitee,
  { requestId }: { requestId?: string } = {},
): Promise<{ tenant: { id: string; name: string }; role: Role; memberId: string }> {
  if (!isWellFormedToken(token)) throw invalidInvitation();
  const tokenHash = hashToken(token);
  const accepted = await db.$transaction(async (tx) => {
    const now = new Date();
    const inv = await tx.tenantInvitation.findUnique({
      where: { tokenHash },
      include: { tenant: { select: { id: true, name: true, deletedAt: true } } },
    });
    if (!inv || inv.expiresAt <= now || inv.tenant.deletedAt) throw invalidInvitation();
    assertInvitee(inv, who);
    // Spending the invitation is the single-use guarantee: of two concurrent
    // acceptances only one deletes the row.
    const claimed = await tx.tenantInvitation.deleteMany({ where: { id: inv.id, tokenHash } });
    if (claimed.count !== 1) throw invalidInvitation();
    const existing = await tx.tenantUser.findUnique({ where: { tenantId_userId: { tenantId: inv.tenantId, userId: who.userId } } });
    const member = existing
      ? await tx.tenantUser.update({ where: { id: existing.id }, data: { lastSelectedAt: now } })
      : await tx.tenantUser.create({
          data: {
            tenantId: inv.tenantId,
            userId: who.userId,
            email: who.email ?? inv.email,
            name: who.name ?? inv.name,
            role: inv.role,
            lastSelectedAt: now,
          },
        });
    await writeAudit(tx, {
      tenantId: inv.tenantId,
      actorId: who.userId,
      action: 'member.invitation_accepted',
      entityType: 'tenant_user',
      entityId: member.id,
      metadata: { email: inv.email, role: member.role, invitedBy: inv.invitedBy },
      requestId,
    });
    return { tenant: { id: inv.tenant.id, name: inv.tenant.name }, role: member.role, memberId: member.id };
  });
  forgetUser(who.userId);
  return accepted;
}
