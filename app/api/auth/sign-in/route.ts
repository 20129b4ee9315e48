import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { json, publicRoute } from '@/lib/api/route';
import { signIn } from '@/lib/auth/builtin';
import { authMode } from '@/lib/auth/mode';
import { sessionCookieHeader } from '@/lib/auth/session-cookie';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  email: z.email('E-mail inválido.').max(254),
  password: z.string().min(1, 'Informe a senha.').max(200),
});

export const POST = publicRoute('POST /api/auth/sign-in', { body: Body }, async ({ db, body, request, ip }) => {
  if (authMode() === 'clerk') throw new ApiError('not_found', 'Entrada feita pelo Clerk nesta instalação.');
  const { user, token, session } = await signIn(db, {
    email: body.email,
    password: body.password,
    ip,
    userAgent: request.headers.get('user-agent') ?? undefined,
  });
  log('info', 'auth.sign_in', { userId: user.id, sessionId: session.id, ip });
  return json(
    { user: { id: user.id, email: user.email, name: user.name }, expiresAt: session.expiresAt.toISOString() },
    { headers: { 'Set-Cookie': sessionCookieHeader(request, token) } },
  );
});
