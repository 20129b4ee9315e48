import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { json, publicRoute } from '@/lib/api/route';
import { createSession, signUp } from '@/lib/auth/builtin';
import { authMode } from '@/lib/auth/mode';
import { sessionCookieHeader } from '@/lib/auth/session-cookie';
import { acceptInvitation, assertInvitationFor } from '@/lib/members/invitations';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  email: z.email('E-mail inválido.').max(254),
  password: z.string().min(1, 'Informe uma senha.').max(200),
  name: z.string().trim().min(1, 'Informe seu nome.').max(120),
  /** The token of an invitation link: the new account joins that firm. */
  invitationToken: z.string().min(10).max(200).optional(),
});

export const POST = publicRoute('POST /api/auth/sign-up', { body: Body }, async ({ db, body, request, ip, requestId }) => {
  if (authMode() === 'clerk') throw new ApiError('not_found', 'Cadastro feito pelo Clerk nesta instalação.');
  // A bad link is refused before the account exists.
  if (body.invitationToken) await assertInvitationFor(db, body.invitationToken, body.email);
  const user = await signUp(db, body);
  const { token } = await createSession(db, { userId: user.id, ip, userAgent: request.headers.get('user-agent') ?? undefined });
  const invitation = body.invitationToken
    ? await acceptInvitation(db, body.invitationToken, { userId: user.id, mode: 'builtin', email: user.email, name: user.name }, { requestId })
    : null;
  return json(
    { user: { id: user.id, email: user.email, name: user.name }, invitation },
    { status: 201, headers: { 'Set-Cookie': sessionCookieHeader(request, token) } },
  );
});
