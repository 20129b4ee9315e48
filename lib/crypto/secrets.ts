// Integration secrets at rest: AES-256-GCM, envelope
//   v1.<keyId>.<iv, base64url>.<ciphertext || 16-byte tag, base64url>
// with "<tenantId>|<field>" as associated data, so a ciphertext moved to
// another tenant or another column fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyring, type Keyring } from '@/lib/crypto/keyring';

export interface SecretContext {
  tenantId: string;
  field: string;
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

const VERSION = 'v1';

function aad(ctx: SecretContext): Buffer {
  return Buffer.from(`${ctx.tenantId}|${ctx.field}`, 'utf8');
}

export function encryptSecret(plaintext: string, ctx: SecretContext, ring: Keyring = keyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.bytes, iv);
  cipher.setAAD(aad(ctx));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export function envelopeKeyId(envelope: string): string | null {
  const parts = envelope.split('.');
  return parts.length === 4 && parts[0] === VERSION ? parts[1]! : null;
}

export function decryptSecret(envelope: string, ctx: SecretContext, ring: Keyring = keyring()): string {
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptionError('Unrecognised secret format.');
  const key = ring.byId.get(parts[1]!);
  if (!key) {
    throw new SecretDecryptionError(
      `Secret was encrypted with key "${parts[1]}", which is neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS_OLD.`,
    );
  }
  const iv = Buffer.from(parts[2]!, 'base64url');
  const body = Buffer.from(parts[3]!, 'base64url');
  if (iv.length !== 12 || body.length < 16) throw new SecretDecryptionError('Truncated secret.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv);
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('Secret failed authentication (tampered, or bound to another tenant or field).');
  }
}

/** True when the envelope is not under the current key (rotation pending). */
export function needsReencryption(envelope: string, ring: Keyring = keyring()): boolean {
  return envelopeKeyId(envelope) !== ring.current.id;
}

/** "••••abcd": only the last 4 characters, and nothing for short secrets. */
export function maskSecret(plaintext: string): string {
  return plaintext.length > 8 ? `••••${plaintext.slice(-4)}` : '••••';
}
