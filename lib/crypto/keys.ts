// Parsing of ENCRYPTION_KEY / ENCRYPTION_KEYS_OLD entries: 32 bytes as 64 hex
// characters or base64 (standard or URL alphabet), optionally "keyId:"-prefixed.
import { createHash } from 'node:crypto';
import { EncryptionConfigError } from '@/lib/crypto/errors';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Key id for an unprefixed key: stable across restarts and machines, so every
 * instance sharing the key labels its envelopes alike. Domain-separated so the
 * id is not a bare hash of the key.
 */
export function defaultKeyId(key: Buffer): string {
  return createHash('sha256').update('concilia-key-id\0').update(key).digest('hex').slice(0, 8);
}

export function parseKey(spec: string, variable = 'ENCRYPTION_KEY'): EncryptionKey {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const id = colon === -1 ? undefined : trimmed.slice(0, colon);
  const material = colon === -1 ? trimmed : trimmed.slice(colon + 1);
  if (id !== undefined && !KEY_ID.test(id)) {
    throw new EncryptionConfigError(`${variable}: key id must be 1-16 characters of A-Z a-z 0-9 _ -`);
  }
  let key: Buffer;
  if (HEX.test(material)) key = Buffer.from(material, 'hex');
  else if (BASE64.test(material)) key = Buffer.from(material, 'base64');
  else {
    throw new EncryptionConfigError(
      `${variable}: must be 32 bytes as 64 hex characters or base64, optionally prefixed "keyId:"`,
    );
  }
  if (key.length !== KEY_BYTES) throw new EncryptionConfigError(`${variable}: key must decode to 32 bytes`);
  return { id: id ?? defaultKeyId(key), key };
}

export function parseKeyList(list: string | undefined, variable = 'ENCRYPTION_KEYS_OLD'): EncryptionKey[] {
  if (!list) return [];
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s, i) => parseKey(s, `${variable}[${i}]`));
}
