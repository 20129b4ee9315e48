// Adding a person by e-mail. Built-in auth: the account is created without a
// password (or reused) and a one-time password link is logged for the admin
// to pass on. Clerk: the person is identified by their Clerk user id.
import { badRequest } from '@/lib/api/errors';
import type { Role } from '@/lib/api/roles';
import { createPasswordResetToken } from '@/lib/auth/builtin';
import { authMode } from '@/lib/auth/mode';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { addMember, assertCanAssign, type MemberDto } from '@/lib/members/members';
import type { Db } from '@/lib/prisma';

export interface InviteInput {
  email: string;
  name?: string;
  role: Role;
  clerkUserId?: string;
}

export async function inviteMember(
  db: Db,
  actor: { tenantId: string; userId: string; role: Role; requestId?: string },
  input: InviteInput,
): Promise<{ member: MemberDto; passwordLinkLogged: boolean }> {
  // Checked before any account is created, so a refused invitation leaves nothing behind.
  assertCanAssign(actor, input.role);
  const email = input.email.trim().toLowerCase();
  if (authMode() === 'clerk') {
    if (!input.clerkUserId) throw badRequest('Informe o ID do usuário no Clerk (clerkUserId).', { field: 'clerkUserId' });
    const member = await addMember(db, actor, { userId: input.clerkUserId, email, name: input.name ?? null, role: input.role });
    return { member, passwordLinkLogged: false };
  }
  const user =
    (await db.user.findUnique({ where: { email } })) ??
    (await db.user.create({ data: { email, name: input.name ?? null } }));
  const member = await addMember(db, actor, { userId: user.id, email, name: user.name, role: input.role });
  let passwordLinkLogged = false;
  if (!user.passwordHash) {
    const token = await createPasswordResetToken(db, user.id);
    const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
    log('info', 'member invited: one-time password link', {
      tenantId: actor.tenantId,
      email,
      link: `${base}/redefinir-senha?token=${encodeURIComponent(token)}`,
    });
    passwordLinkLogged = true;
  }
  return { member, passwordLinkLogged };
}
