// Sets and clears the built-in session cookie on a response.
import { SESSION_COOKIE, isSecureRequest, sessionCookieOptions } from '@/lib/auth/builtin';

function serialize(name: string, value: string, o: { httpOnly: boolean; sameSite: string; secure: boolean; path: string; maxAge: number }) {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path}`, `Max-Age=${o.maxAge}`, `SameSite=${o.sameSite[0]!.toUpperCase()}${o.sameSite.slice(1)}`];
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

export function sessionCookieHeader(request: Request, token: string): string {
  const secure = isSecureRequest(request.headers);
  return serialize(SESSION_COOKIE, token, sessionCookieOptions({ secure }));
}

export function clearedSessionCookieHeader(request: Request): string {
  const secure = isSecureRequest(request.headers);
  return serialize(SESSION_COOKIE, '', { ...sessionCookieOptions({ secure }), maxAge: 0 });
}
