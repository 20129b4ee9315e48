import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EncryptionConfigError } from '@/lib/crypto/errors';
import { defaultKeyId, parseKey, parseKeyList } from '@/lib/crypto/keys';

const bytes = randomBytes(32);

describe('parseKey', () => {
  it('reads 64 hex characters, either case', () => {
    expect(parseKey(bytes.toString('hex')).key.equals(bytes)).toBe(true);
    expect(parseKey(bytes.toString('hex').toUpperCase()).key.equals(bytes)).toBe(true);
  });

  it('reads standard base64 (padded) and base64url (unpadded)', () => {
    expect(parseKey(bytes.toString('base64')).key.equals(bytes)).toBe(true);
    expect(parseKey(bytes.toString('base64url')).key.equals(bytes)).toBe(true);
  });

  it('derives a stable 8-hex key id when none is given', () => {
    const { id } = parseKey(bytes.toString('hex'));
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(parseKey(bytes.toString('base64')).id).toBe(id);
    expect(defaultKeyId(bytes)).toBe(id);
    expect(defaultKeyId(randomBytes(32))).not.toBe(id);
  });

  it('uses an explicit "keyId:" prefix', () => {
    const parsed = parseKey(`k2026-01:${bytes.toString('base64')}`);
    expect(parsed.id).toBe('k2026-01');
    expect(parsed.key.equals(bytes)).toBe(true);
  });

  it('rejects wrong lengths, bad characters and bad key ids, naming the variable', () => {
    expect(() => parseKey('abcd')).toThrow(EncryptionConfigError);
    expect(() => parseKey(randomBytes(31).toString('hex'))).toThrow(/ENCRYPTION_KEY/);
    expect(() => parseKey(`${'g'.repeat(64)}`)).toThrow(EncryptionConfigError);
    expect(() => parseKey(`bad id:${bytes.toString('hex')}`)).toThrow(/key id/);
    expect(() => parseKey(`${'x'.repeat(17)}:${bytes.toString('hex')}`)).toThrow(/key id/);
  });
});

describe('parseKeyList', () => {
  it('splits on commas, trims and skips empty entries', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const list = parseKeyList(` old1:${a.toString('hex')} ,, ${b.toString('base64')} ,`);
    expect(list.map((k) => k.id)).toEqual(['old1', defaultKeyId(b)]);
    expect(list[0]!.key.equals(a)).toBe(true);
  });

  it('is empty when unset and names the bad entry', () => {
    expect(parseKeyList(undefined)).toEqual([]);
    expect(() => parseKeyList(`${randomBytes(32).toString('hex')},nope`)).toThrow(/ENCRYPTION_KEYS_OLD\[1\]/);
  });
});
