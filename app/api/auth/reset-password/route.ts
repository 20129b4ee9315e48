import { z } from 'zod';
import { json, publicRoute } from '@/lib/api/route';
import { createSession, resetPassword } from '@/lib/auth/builtin';
import { sessionCookieHeader } from '@/lib/auth/session-cookie';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(1, 'Informe a nova senha.').max(200),
});

/** Sets the new password and signs the person in: the link is the way back in, throttled or not. */
export const POST = publicRoute('POST /api/auth/reset-password', { body: Body }, async ({ db, body, request, ip }) => {
  const { userId } = await resetPassword(db, { token: body.token, newPassword: body.password });
  const { token } = await createSession(db, { userId, ip, userAgent: request.headers.get('user-agent') ?? undefined });
  return json({ ok: true }, { headers: { 'Set-Cookie': sessionCookieHeader(request, token) } });
});
