// Cookie settings for the built-in session token. httpOnly keeps it away from
// scripts; SameSite=Lax blocks cross-site POSTs while keeping links working.
import { env } from '@/lib/env';

export const SESSION_COOKIE = 'concilia_session';

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  /** Seconds, matching the server-side session lifetime. */
  maxAge: number;
}

export function sessionCookieOptions({ secure }: { secure: boolean }): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: env().SESSION_TTL_DAYS * 24 * 60 * 60 };
}

/** https, directly or behind a TLS-terminating proxy (first x-forwarded-proto hop). */
export function isSecureRequest(url: string, headers: Pick<Headers, 'get'>): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
