import { describe, expect, it } from 'vitest';
import { createPasswordResetToken, createSession, INVALID_CREDENTIALS, resetPassword, signIn, signUp, verifySession } from '@/lib/auth/builtin';
import { hashToken } from '@/lib/auth/builtin/tokens';
import { PASSWORD, uniqueEmail, uniqueIp } from '@/lib/auth/builtin/test-helpers';
import { testDb } from '@/test/db';

const { db } = testDb();
const NEW_PASSWORD = 'outra senha bem longa';
const invalidLink = { code: 'bad_request', message: expect.stringMatching(/^Link de redefinição de senha inválido ou expirado/) };

describe('password reset', () => {
  it('sets the new password, is single use, and revokes every session', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email, password: PASSWORD, name: 'Iara' });
    const s1 = await createSession(db, { userId: user.id });
    const s2 = await createSession(db, { userId: user.id });

    const token = await createPasswordResetToken(db, user.id);
    const row = await db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(60 * 60 * 1000, -4);

    await expect(resetPassword(db, { token, newPassword: NEW_PASSWORD })).resolves.toEqual({ userId: user.id });
    expect(await verifySession(db, s1.token)).toBeNull();
    expect(await verifySession(db, s2.token)).toBeNull();
    await expect(signIn(db, { email, password: PASSWORD, ip: uniqueIp() })).rejects.toMatchObject({ message: INVALID_CREDENTIALS });
    await expect(signIn(db, { email, password: NEW_PASSWORD, ip: uniqueIp() })).resolves.toHaveProperty('token');

    await expect(resetPassword(db, { token, newPassword: 'terceira senha longa' })).rejects.toMatchObject(invalidLink);
  });

  it('lets only one of two concurrent uses through', async () => {
    const user = await signUp(db, { email: uniqueEmail(), password: PASSWORD, name: 'João' });
    const token = await createPasswordResetToken(db, user.id);
    const results = await Promise.allSettled([
      resetPassword(db, { token, newPassword: NEW_PASSWORD }),
      resetPassword(db, { token, newPassword: 'senha concorrente longa' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('rejects expired, unknown and malformed tokens', async () => {
    const user = await signUp(db, { email: uniqueEmail(), password: PASSWORD, name: 'Kátia' });
    const token = await createPasswordResetToken(db, user.id);
    await db.passwordResetToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword(db, { token, newPassword: NEW_PASSWORD })).rejects.toMatchObject(invalidLink);
    const unknown = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    await expect(resetPassword(db, { token: unknown, newPassword: NEW_PASSWORD })).rejects.toMatchObject(invalidLink);
    await expect(resetPassword(db, { token: 'curto', newPassword: NEW_PASSWORD })).rejects.toMatchObject(invalidLink);
  });

  it('keeps only the most recent link valid', async () => {
    const user = await signUp(db, { email: uniqueEmail(), password: PASSWORD, name: 'Lia' });
    const first = await createPasswordResetToken(db, user.id);
    const second = await createPasswordResetToken(db, user.id);
    await expect(resetPassword(db, { token: first, newPassword: NEW_PASSWORD })).rejects.toMatchObject(invalidLink);
    await expect(resetPassword(db, { token: second, newPassword: NEW_PASSWORD })).resolves.toEqual({ userId: user.id });
  });

  it('does not spend the token on a password the policy refuses', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email, password: PASSWORD, name: 'Mia' });
    const token = await createPasswordResetToken(db, user.id);
    await expect(resetPassword(db, { token, newPassword: email })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'A senha não pode ser igual ao seu e-mail.',
    });
    await expect(resetPassword(db, { token, newPassword: NEW_PASSWORD })).resolves.toEqual({ userId: user.id });
  });

  it('sets the first password of an account that has none (made by the earlier invitation flow)', async () => {
    const email = uniqueEmail().toLowerCase();
    const user = await db.user.create({ data: { email, name: 'Convidado' } });
    const token = await createPasswordResetToken(db, user.id, { ttlMs: 7 * 24 * 60 * 60 * 1000 });
    await resetPassword(db, { token, newPassword: NEW_PASSWORD });
    await expect(signIn(db, { email, password: NEW_PASSWORD, ip: uniqueIp() })).resolves.toHaveProperty('token');
  });
});
