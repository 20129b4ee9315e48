// The built-in session cookie: HttpOnly, SameSite=Lax, Secure on HTTPS.
import { env } from '@/lib/env';

export const SESSION_COOKIE = 'concilia_session';

export function sessionCookieOptions({ secure }: { secure: boolean }) {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: env().SESSION_TTL_DAYS * 86_400 } as const;
}

export function isSecureRequest(url: string, headers: Headers): boolean {
  return url.startsWith('https:') || headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
