// Cookie settings for the built-in session token. httpOnly keeps it away from
// scripts; SameSite=Lax blocks cross-site POSTs while keeping links working.
import { env } from '@/lib/env';
import { clientUsesHttps } from '@/lib/http/client-address';

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

/**
 * Whether the cookie gets Secure: the client reached us over HTTPS, as
 * APP_URL, a trusted proxy or the socket says (never a client's own
 * X-Forwarded-Proto; see lib/http/client-address.ts).
 */
export function isSecureRequest(headers: Pick<Headers, 'get'>): boolean {
  return clientUsesHttps(headers);
}
