import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { json, publicRoute } from '@/lib/api/route';
import { signIn } from '@/lib/auth/builtin';
import { authMode } from '@/lib/auth/mode';
import { sessionCookieHeader } from '@/lib/auth/session-cookie';
import { log } from '@/lib/log';
import { acceptInvitation, assertInvitationFor } from '@/lib/members/invitations';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  email: z.email('E-mail inválido.').max(254),
  password: z.string().min(1, 'Informe a senha.').max(200),
  /** The token of an invitation link: the account joins that firm. */
  invitationToken: z.string().min(10).max(200).optional(),
});

export const POST = publicRoute('POST /api/auth/sign-in', { body: Body }, async ({ db, body, request, ip, requestId }) => {
  if (authMode() === 'clerk') throw new ApiError('not_found', 'Entrada feita pelo Clerk nesta instalação.');
  if (body.invitationToken) await assertInvitationFor(db, body.invitationToken, body.email);
  const { user, token, session } = await signIn(db, {
    email: body.email,
    password: body.password,
    ip,
    userAgent: request.headers.get('user-agent') ?? undefined,
  });
  log('info', 'auth.sign_in', { userId: user.id, sessionId: session.id, ip });
  const invitation = body.invitationToken
    ? await acceptInvitation(db, body.invitationToken, { userId: user.id, mode: 'builtin', email: user.email, name: user.name }, { requestId })
    : null;
  return json(
    { user: { id: user.id, email: user.email, name: user.name }, expiresAt: session.expiresAt.toISOString(), invitation },
    { headers: { 'Set-Cookie': sessionCookieHeader(request, token) } },
  );
});
