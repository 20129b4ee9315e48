import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/builtin/cookie';
import { resetEnvCache } from '@/lib/env';

const saved = process.env.SESSION_TTL_DAYS;
afterEach(() => {
  if (saved === undefined) delete process.env.SESSION_TTL_DAYS;
  else process.env.SESSION_TTL_DAYS = saved;
  resetEnvCache();
});

// Whether it is Secure: lib/http/client-address.test.ts (clientUsesHttps).
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
