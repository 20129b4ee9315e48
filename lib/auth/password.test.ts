import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, SCRYPT_PARAMS, setCheapHashingForTests, validatePasswordPolicy, verifyPassword } from '@/lib/auth/password';

// The production cost, not the suite's cheap one (test/setup-env.ts).
beforeAll(() => setCheapHashingForTests(false));
afterAll(() => setCheapHashingForTests(true));

function legacyHash(password: string, N: number): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

describe('hashPassword / verifyPassword', () => {
  it('produces scrypt$N$r$p$salt$hash with the current parameters and a fresh salt', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    // OWASP's N = 2^17 class at a quarter of the memory (see password.ts).
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });

  it('accepts the right password only', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('coração valente');
    expect(await verifyPassword('coração valente'.normalize('NFD'), stored)).toBe(true);
  });

  it('verifies hashes made with other parameters, and flags them for rehash', async () => {
    const old = legacyHash('senha antiga boa', 2 ** 14);
    expect(await verifyPassword('senha antiga boa', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    // The previous default (N = 2^15, p = 1) is upgraded too.
    expect(needsRehash(legacyHash('senha antiga boa', 2 ** 15))).toBe(true);
    expect(needsRehash(await hashPassword('senha nova boa'))).toBe(false);
  });

  it('returns false for malformed or abusive stored values without throwing', async () => {
    const good = await hashPassword('x'.repeat(12));
    const [, , , , salt, hash] = good.split('$');
    for (const stored of [
      '',
      'bcrypt$2b$10$abc',
      good.replace('scrypt', 'script'),
      `scrypt$32768$8$1$${salt}`,
      `scrypt$30000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // would need gigabytes
      `scrypt$32768$999$1$${salt}$${hash}`,
      `scrypt$32768$8$1$${salt}$!!!`,
    ]) {
      expect(await verifyPassword('x'.repeat(12), stored), stored).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });
});

describe('validatePasswordPolicy', () => {
  it('accepts a reasonable password', () => {
    expect(validatePasswordPolicy('uma frase longa e boa', { email: 'ana@example.com', name: 'Ana' })).toEqual([]);
  });

  it('explains each problem in pt-BR', () => {
    expect(validatePasswordPolicy('curta')).toEqual(['A senha deve ter pelo menos 10 caracteres.']);
    expect(validatePasswordPolicy('a'.repeat(201))).toContain('A senha deve ter no máximo 200 caracteres.');
    expect(validatePasswordPolicy('aaaaaaaaaaaa')).toEqual(['A senha não pode repetir um único caractere.']);
    expect(validatePasswordPolicy('Ana.Souza@Example.com', { email: 'ana.souza@example.com' })).toEqual([
      'A senha não pode ser igual ao seu e-mail.',
    ]);
    expect(validatePasswordPolicy('anasouzalima', { email: 'anasouzalima@example.com' })).toEqual([
      'A senha não pode ser igual ao seu e-mail.',
    ]);
    expect(validatePasswordPolicy('Ana Souza Lima', { name: 'ana souza lima' })).toEqual(['A senha não pode ser igual ao seu nome.']);
    expect(validatePasswordPolicy('Senha12345')).toEqual(['Essa senha é muito comum; escolha outra.']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validatePasswordPolicy('🔑🗝️🔒🔐🔓')).toEqual(['A senha deve ter pelo menos 10 caracteres.']);
  });
});
