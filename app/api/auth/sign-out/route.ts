import { clientIp, json, publicRoute } from '@/lib/api/route';
import { revokeSession, SESSION_COOKIE } from '@/lib/auth/builtin';
import { bearerToken, readCookie } from '@/lib/auth/identity';
import { clearedSessionCookieHeader } from '@/lib/auth/session-cookie';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** Revokes the current built-in session (server-side) and clears the cookie. */
export const POST = publicRoute('POST /api/auth/sign-out', {}, async ({ db, request }) => {
  const token = bearerToken(request.headers) ?? readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (token && (await revokeSession(db, token))) log('info', 'auth.sign_out', { ip: clientIp(request.headers) });
  return json({ signedOut: true }, { headers: { 'Set-Cookie': clearedSessionCookieHeader(request) } });
});
