import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, envelopeKeyId, needsReencryption } from '@/lib/crypto/envelope';
import { EncryptionConfigError, SecretDecryptionError } from '@/lib/crypto/errors';
import { defaultKeyId, parseKey } from '@/lib/crypto/keys';
import { randomKeyHex, setCryptoEnv } from '@/lib/crypto/test-env';

const ctx = { tenantId: '0195e4a2-0000-7000-8000-000000000001', field: 'pluggyClientSecret' };
const B64URL = '[A-Za-z0-9_-]';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function decryptError(fn: () => unknown): SecretDecryptionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretDecryptionError);
    return err as SecretDecryptionError;
  }
  throw new Error('expected a SecretDecryptionError');
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips, including empty and non-ASCII secrets', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    for (const plain of ['sk_live_abc123', '', 'çãõ€ 🔑 senha']) {
      expect(decryptSecret(encryptSecret(plain, ctx), ctx)).toBe(plain);
    }
  });

  it('writes v1:<keyId>:<iv>:<tag>:<ciphertext> with a fresh IV each time', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: `main:${randomKeyHex()}` });
    const a = encryptSecret('same', ctx);
    const b = encryptSecret('same', ctx);
    expect(a).toMatch(new RegExp(`^v1:main:${B64URL}{16}:${B64URL}{22}:${B64URL}+$`));
    expect(a).not.toBe(b);
    expect(envelopeKeyId(a)).toBe('main');
  });

  it('rejects an envelope with any single character changed', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const envelope = encryptSecret('a secret worth protecting', ctx);
    for (let i = 0; i < envelope.length; i++) {
      const replacement = envelope[i] === 'A' ? 'B' : 'A';
      const tampered = envelope.slice(0, i) + replacement + envelope.slice(i + 1);
      expect(() => decryptSecret(tampered, ctx), `position ${i}`).toThrow(SecretDecryptionError);
    }
  });

  it('rejects truncated or extended envelopes', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const envelope = encryptSecret('secret', ctx);
    expect(() => decryptSecret(envelope.slice(0, -1), ctx)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(`${envelope}A`, ctx)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(`${envelope}:x`, ctx)).toThrow(SecretDecryptionError);
    expect(decryptError(() => decryptSecret('plaintext', ctx)).reason).toBe('malformed');
  });

  it('is bound to its tenant and field', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const envelope = encryptSecret('secret', ctx);
    const otherTenant = decryptError(() => decryptSecret(envelope, { ...ctx, tenantId: '0195e4a2-0000-7000-8000-000000000002' }));
    expect(otherTenant.reason).toBe('authentication_failed');
    expect(otherTenant.message).toMatch(/another tenant or field/);
    expect(() => decryptSecret(envelope, { ...ctx, field: 'pluggyClientId' })).toThrow(SecretDecryptionError);
  });

  it('requires a tenant and a field', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    expect(() => encryptSecret('x', { tenantId: '', field: 'f' })).toThrow(TypeError);
    expect(() => encryptSecret('x', { tenantId: 't', field: '' })).toThrow(TypeError);
  });
});

describe('key rotation', () => {
  it('decrypts with an old key and reports that re-encryption is needed', () => {
    const oldKey = randomKeyHex();
    restore = setCryptoEnv({ ENCRYPTION_KEY: oldKey });
    const envelope = encryptSecret('rotate me', ctx);
    expect(needsReencryption(envelope)).toBe(false);
    restore();

    const newKey = randomKeyHex();
    restore = setCryptoEnv({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_OLD: `${randomKeyHex()},${oldKey}` });
    expect(decryptSecret(envelope, ctx)).toBe('rotate me');
    expect(needsReencryption(envelope)).toBe(true);
    const resealed = encryptSecret('rotate me', ctx);
    expect(envelopeKeyId(resealed)).toBe(parseKey(newKey).id);
    expect(needsReencryption(resealed)).toBe(false);
  });

  it('fails clearly on a key id that is not configured', () => {
    const oldKey = randomKeyHex();
    restore = setCryptoEnv({ ENCRYPTION_KEY: oldKey });
    const envelope = encryptSecret('lost', ctx);
    restore();

    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const err = decryptError(() => decryptSecret(envelope, ctx));
    expect(err.reason).toBe('unknown_key');
    expect(err.keyId).toBe(defaultKeyId(Buffer.from(oldKey, 'hex')));
    expect(err.message).toMatch(/ENCRYPTION_KEYS_OLD/);
  });

  it('treats a reused key id with different material as a configuration error', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: `k1:${randomKeyHex()}`, ENCRYPTION_KEYS_OLD: `k1:${randomKeyHex()}` });
    expect(() => encryptSecret('x', ctx)).toThrow(EncryptionConfigError);
  });

  it('needsReencryption rejects what is not an envelope', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    expect(() => needsReencryption('v0:abc')).toThrow(SecretDecryptionError);
  });
});

describe('without ENCRYPTION_KEY', () => {
  it('refuses to work in production', () => {
    restore = setCryptoEnv({ NODE_ENV: 'production' });
    expect(() => encryptSecret('x', ctx)).toThrow(EncryptionConfigError);
    expect(() => encryptSecret('x', ctx)).toThrow(/ENCRYPTION_KEY is not set/);
  });
});
