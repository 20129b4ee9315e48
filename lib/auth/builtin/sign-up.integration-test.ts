import { describe, expect, it } from 'vitest';
import { signUp } from '@/lib/auth/builtin';
import { PASSWORD, uniqueEmail } from '@/lib/auth/builtin/test-helpers';
import { verifyPassword } from '@/lib/auth/password';
import { testDb } from '@/test/db';

const { db } = testDb();

describe('signUp', () => {
  it('stores a normalised e-mail, a trimmed name and a password hash', async () => {
    const email = uniqueEmail();
    const user = await signUp(db, { email: `  ${email} `, password: PASSWORD, name: '  Ana Souza ' });
    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'Ana Souza' });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(PASSWORD, row.passwordHash!)).toBe(true);
  });

  it('refuses a duplicate e-mail whatever its case', async () => {
    const email = uniqueEmail();
    await signUp(db, { email, password: PASSWORD, name: 'Ana' });
    await expect(signUp(db, { email: email.toUpperCase(), password: PASSWORD, name: 'Outra Ana' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Já existe uma conta com este e-mail. Entre com ela ou peça um link de nova senha.',
    });
  });

  it('refuses to claim an account that has no password yet (made by the earlier invitation flow)', async () => {
    const email = uniqueEmail().toLowerCase();
    await db.user.create({ data: { email } });
    await expect(signUp(db, { email, password: PASSWORD, name: 'Intrusa' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('returns one conflict when two sign-ups race for the same e-mail', async () => {
    const email = uniqueEmail();
    const results = await Promise.allSettled([
      signUp(db, { email, password: PASSWORD, name: 'A' }),
      signUp(db, { email, password: PASSWORD, name: 'B' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'conflict' });
  });

  it('validates e-mail, name and password policy with pt-BR messages', async () => {
    await expect(signUp(db, { email: 'sem-arroba', password: PASSWORD, name: 'Ana' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'E-mail inválido.',
    });
    await expect(signUp(db, { email: uniqueEmail(), password: PASSWORD, name: '   ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const email = uniqueEmail();
    await expect(signUp(db, { email, password: 'curta', name: 'Ana' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'A senha deve ter pelo menos 10 caracteres.',
      details: { issues: [{ path: 'password', code: 'password_policy', message: 'A senha deve ter pelo menos 10 caracteres.' }] },
    });
    expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
  });
});
