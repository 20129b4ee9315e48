import { afterEach, describe, expect, it } from 'vitest';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/builtin/cookie';
import { resetEnvCache } from '@/lib/env';

const saved = process.env.SESSION_TTL_DAYS;
afterEach(() => {
  if (saved === undefined) delete process.env.SESSION_TTL_DAYS;
  else process.env.SESSION_TTL_DAYS = saved;
  resetEnvCache();
});

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, site-wide, and lives as long as the session', () => {
    delete process.env.SESSION_TTL_DAYS;
    resetEnvCache();
    expect(SESSION_COOKIE).toBe('concilia_session');
    expect(sessionCookieOptions({ secure: true })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: 14 * 24 * 60 * 60,
    });
    process.env.SESSION_TTL_DAYS = '3';
    resetEnvCache();
    expect(sessionCookieOptions({ secure: false })).toMatchObject({ secure: false, maxAge: 3 * 86_400 });
  });
});

describe('isSecureRequest', () => {
  it('is true for https URLs and for x-forwarded-proto: https', () => {
    expect(isSecureRequest('https://app.example.com/x', new Headers())).toBe(true);
    expect(isSecureRequest('http://internal:3000/x', new Headers({ 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(isSecureRequest('http://internal:3000/x', new Headers({ 'x-forwarded-proto': 'HTTPS, http' }))).toBe(true);
  });

  it('is false for plain http, and trusts the proxy header over the URL', () => {
    expect(isSecureRequest('http://localhost:3000/', new Headers())).toBe(false);
    expect(isSecureRequest('https://internal/', new Headers({ 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(isSecureRequest('not a url', new Headers())).toBe(false);
  });
});
