import { scryptSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { INVALID_CREDENTIALS, LOGIN_WINDOW_MS, MAX_FAILURES_PER_IP, MAX_FAILURES_PER_PAIR, signIn, signUp } from '@/lib/auth/builtin';
import { PASSWORD, uniqueEmail, uniqueIp } from '@/lib/auth/builtin/test-helpers';
import { needsRehash, SCRYPT_PARAMS, setCheapHashingForTests } from '@/lib/auth/password';
import { testDb } from '@/test/db';

const { db } = testDb();

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('signIn', () => {
  it('gives the same error for an unknown e-mail and a wrong password, and records both', async () => {
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Bruno' });
    const unknown = uniqueEmail('ninguem');
    const ip = uniqueIp();

    const wrong = await rejection(signIn(db, { email, password: 'senha errada demais', ip }));
    const missing = await rejection(signIn(db, { email: unknown, password: PASSWORD, ip }));
    for (const err of [wrong, missing]) {
      expect(err.code).toBe('unauthenticated');
      expect(err.message).toBe(INVALID_CREDENTIALS);
    }
    expect(await db.loginAttempt.count({ where: { ip } })).toBe(2);
    expect(await db.loginAttempt.count({ where: { email: unknown.toLowerCase() } })).toBe(1);
  });

  it('treats e-mails case-insensitively', async () => {
    const email = uniqueEmail();
    await signUp(db, { email: email.toUpperCase(), password: PASSWORD, name: 'Carla' });
    const { user } = await signIn(db, { email: `  ${email.toLowerCase()} `, password: PASSWORD, ip: uniqueIp() });
    expect(user.email).toBe(email.toLowerCase());
  });

  it('throttles one e-mail from one address after too many failures, with Retry-After, even for the right password', async () => {
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Davi' });
    const ip = uniqueIp();
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      const err = await rejection(signIn(db, { email, password: `errada ${i} xxxxx`, ip }));
      expect(err.code).toBe('unauthenticated');
    }
    const limited = await rejection(signIn(db, { email, password: PASSWORD, ip }));
    expect(limited.code).toBe('rate_limited');
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/^Muitas tentativas de entrada\. Tente novamente em 15 minutos\.$/);
    const retryAfter = Number(limited.headers?.['Retry-After']);
    expect(retryAfter).toBeGreaterThan(LOGIN_WINDOW_MS / 1000 - 30);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    // Refused attempts are not recorded, so the lockout does not extend itself.
    expect(await db.loginAttempt.count({ where: { email: email.toLowerCase() } })).toBe(MAX_FAILURES_PER_PAIR);
    // Another address is not locked by these failures.
    await expect(signIn(db, { email, password: PASSWORD, ip: uniqueIp() })).resolves.toHaveProperty('token');
  });

  it('lets the pair in again once the failures leave the window', async () => {
    const email = uniqueEmail();
    const ip = uniqueIp();
    await signUp(db, { email, password: PASSWORD, name: 'Elisa' });
    const old = new Date(Date.now() - LOGIN_WINDOW_MS - 1000);
    await db.loginAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_PAIR }, () => ({ email: email.toLowerCase(), ip, createdAt: old })),
    });
    await expect(signIn(db, { email, password: PASSWORD, ip })).resolves.toHaveProperty('token');
  });

  it('throttles an IP spraying many e-mails', async () => {
    const ip = uniqueIp();
    await db.loginAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_IP }, () => ({ email: uniqueEmail().toLowerCase(), ip, createdAt: new Date() })),
    });
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Fábio' });
    const limited = await rejection(signIn(db, { email, password: PASSWORD, ip }));
    expect(limited.code).toBe('rate_limited');
    expect(Number(limited.headers?.['Retry-After'])).toBeGreaterThan(0);
    await expect(signIn(db, { email, password: PASSWORD, ip: uniqueIp() })).resolves.toHaveProperty('token');
  });

  it('counts IPv6 clients per /64, so rotating addresses inside it does not reset the count', async () => {
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Ivo' });
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      await rejection(signIn(db, { email, password: `errada ${i} xxxxx`, ip: `${prefix}::${i + 1}` }));
    }
    const limited = await rejection(signIn(db, { email, password: PASSWORD, ip: `${prefix}:abcd::99` }));
    expect(limited.code).toBe('rate_limited');
  });

  it('a success clears that address’s failures only', async () => {
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Gabi' });
    const mine = uniqueIp();
    const theirs = uniqueIp();
    for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1; i++) {
      await rejection(signIn(db, { email, password: 'quase certa xxxx', ip: mine }));
      await rejection(signIn(db, { email, password: 'quase certa xxxx', ip: theirs }));
    }
    await signIn(db, { email, password: PASSWORD, ip: mine });
    expect(await db.loginAttempt.count({ where: { email: email.toLowerCase(), ip: mine } })).toBe(0);
    expect(await db.loginAttempt.count({ where: { email: email.toLowerCase(), ip: theirs } })).toBe(MAX_FAILURES_PER_PAIR - 1);
  });

  it('rejects an account without a password (made by the earlier invitation flow)', async () => {
    const email = uniqueEmail().toLowerCase();
    await db.user.create({ data: { email, name: 'Convidada' } });
    const err = await rejection(signIn(db, { email, password: PASSWORD, ip: uniqueIp() }));
    expect(err.message).toBe(INVALID_CREDENTIALS);
  });

  it('upgrades a hash made with older parameters on a successful sign-in', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email, password: PASSWORD, name: 'Heitor' });
    const salt = randomBytes(16);
    const legacy = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), scryptSync(PASSWORD, salt, 32, { N: 2 ** 14 }).toString('base64url')].join('$');
    await db.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });
    await signIn(db, { email, password: PASSWORD, ip: uniqueIp() });
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(legacy);
    expect(needsRehash(passwordHash!)).toBe(false);
  });

  it('upgrades the previous default (N = 2^15, p = 1) to the production cost, transparently', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email, password: PASSWORD, name: 'Júlia' });
    const salt = randomBytes(16);
    const previous = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), scryptSync(PASSWORD, salt, 32, { N: 2 ** 15, maxmem: 64 * 1024 * 1024 }).toString('base64url')].join('$');
    await db.user.update({ where: { id: user.id }, data: { passwordHash: previous } });
    setCheapHashingForTests(false);
    try {
      await signIn(db, { email, password: PASSWORD, ip: uniqueIp() });
    } finally {
      setCheapHashingForTests(true);
    }
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const { N, r, p } = SCRYPT_PARAMS;
    expect(passwordHash!.startsWith(`scrypt$${N}$${r}$${p}$`)).toBe(true);
    await expect(signIn(db, { email, password: PASSWORD, ip: uniqueIp() })).resolves.toHaveProperty('token');
  });
});
