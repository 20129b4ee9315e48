import { describe, expect, it } from 'vitest';
import { createSession, LAST_SEEN_REFRESH_MS, revokeAllSessions, revokeSession, signIn, signUp, verifySession } from '@/lib/auth/builtin';
import { PASSWORD, uniqueEmail, uniqueIp } from '@/lib/auth/builtin/test-helpers';
import { hashToken } from '@/lib/auth/builtin/tokens';
import { testDb } from '@/test/db';

const { db } = testDb();

async function newUser() {
  return signUp(db, { email: uniqueEmail(), password: PASSWORD, name: 'Ana Souza' });
}

describe('sessions', () => {
  it('sign up → sign in → verify → revoke → verify null', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email, password: PASSWORD, name: 'Ana Souza' });
    expect(user).not.toHaveProperty('passwordHash');

    const { token, session, user: signedIn } = await signIn(db, { email, password: PASSWORD, ip: uniqueIp(), userAgent: 'vitest' });
    expect(signedIn.id).toBe(user.id);
    expect(signedIn).not.toHaveProperty('passwordHash');
    const ttlDays = (session.expiresAt.getTime() - session.createdAt.getTime()) / 86_400_000;
    expect(ttlDays).toBeCloseTo(14, 2);

    const stored = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(stored.tokenHash).not.toContain(token);

    const verified = await verifySession(db, token);
    expect(verified?.user).toMatchObject({ id: user.id, email: email.toLowerCase(), name: 'Ana Souza' });
    expect(verified?.session.id).toBe(session.id);

    expect(await revokeSession(db, token)).toBe(true);
    expect(await verifySession(db, token)).toBeNull();
    expect(await revokeSession(db, token)).toBe(false);
  });

  it('rejects an expired session', async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, { userId: user.id });
    await db.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifySession(db, token)).toBeNull();
  });

  it('rejects tampered, malformed and unknown tokens', async () => {
    const user = await newUser();
    const { token } = await createSession(db, { userId: user.id });
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [flipped, token.slice(0, -1), `${token}A`, '', 'not a token', ' '.repeat(43)]) {
      expect(await verifySession(db, bad), bad).toBeNull();
    }
    expect(await verifySession(db, token)).not.toBeNull();
  });

  it('refreshes lastSeenAt at most once per interval', async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, { userId: user.id });
    const recent = new Date(Date.now() - 60_000);
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: recent } });
    await verifySession(db, token);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(recent);

    const stale = new Date(Date.now() - LAST_SEEN_REFRESH_MS - 1000);
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: stale } });
    const verified = await verifySession(db, token);
    const refreshed = (await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt;
    expect(refreshed.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(verified?.session.lastSeenAt).toEqual(refreshed);
  });

  it('revokeAllSessions signs a user out everywhere, and only that user', async () => {
    const user = await newUser();
    const other = await newUser();
    const a = await createSession(db, { userId: user.id });
    const b = await createSession(db, { userId: user.id });
    const c = await createSession(db, { userId: other.id });
    expect(await revokeAllSessions(db, user.id)).toBe(2);
    expect(await verifySession(db, a.token)).toBeNull();
    expect(await verifySession(db, b.token)).toBeNull();
    expect(await verifySession(db, c.token)).not.toBeNull();
  });
});
