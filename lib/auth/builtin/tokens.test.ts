import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, isValidEmail } from '@/lib/auth/builtin/email';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';

describe('tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256 hex', () => {
    const { token, hash } = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashToken(token)).toBe(hash);
    expect(newToken().token).not.toBe(token);
  });

  it('are shape-checked before any lookup', () => {
    expect(isWellFormedToken(newToken().token)).toBe(true);
    expect(isWellFormedToken('')).toBe(false);
    expect(isWellFormedToken('a'.repeat(44))).toBe(false);
    expect(isWellFormedToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(isWellFormedToken(undefined)).toBe(false);
  });
});

describe('e-mail', () => {
  it('is trimmed and lower-cased', () => {
    expect(normalizeEmail('  Ana.Souza@Example.COM ')).toBe('ana.souza@example.com');
  });

  it('is loosely validated', () => {
    expect(isValidEmail('ana@example.com.br')).toBe(true);
    expect(isValidEmail('ana@localhost')).toBe(false);
    expect(isValidEmail('ana souza@example.com')).toBe(false);
    expect(isValidEmail(`${'a'.repeat(250)}@x.co`)).toBe(false);
  });
});
