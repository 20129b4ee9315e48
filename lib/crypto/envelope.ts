// AES-256-GCM envelopes for secrets at rest:
//
//   v1:<keyId>:<iv>:<tag>:<ciphertext>      (iv 12 bytes, tag 16, base64url)
//
// The key id says which key sealed the envelope, so keys can rotate while old
// envelopes stay readable. The associated data binds the envelope to its
// version, key id, tenant and field: copied to another tenant or column it no
// longer decrypts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretDecryptionError } from '@/lib/crypto/errors';
import { getKeyring } from '@/lib/crypto/keyring';

export interface SecretContext {
  tenantId: string;
  /** Logical field name, e.g. "pluggyClientSecret". */
  field: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

interface ParsedEnvelope {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function associatedData(keyId: string, ctx: SecretContext): Buffer {
  if (!ctx.tenantId || !ctx.field) throw new TypeError('encryptSecret/decryptSecret need a tenantId and a field');
  return Buffer.from(JSON.stringify(['concilia-secret', VERSION, keyId, ctx.tenantId, ctx.field]), 'utf8');
}

// Only the canonical encoding is accepted: otherwise the unused low bits of
// the last character could change without changing the bytes.
function decodeB64url(part: string): Buffer | null {
  if (!B64URL.test(part)) return null;
  const buf = Buffer.from(part, 'base64url');
  return buf.toString('base64url') === part ? buf : null;
}

function malformed(): SecretDecryptionError {
  return new SecretDecryptionError('malformed', 'Not a secret envelope (expected v1:<keyId>:<iv>:<tag>:<ciphertext>).');
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  const parts = envelope.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION || !parts[1]) throw malformed();
  const iv = decodeB64url(parts[2]!);
  const tag = decodeB64url(parts[3]!);
  const ciphertext = decodeB64url(parts[4]!);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) throw malformed();
  return { keyId: parts[1], iv, tag, ciphertext };
}

export function encryptSecret(plaintext: string, ctx: SecretContext): string {
  const { current } = getKeyring();
  const aad = associatedData(current.id, ctx);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, current.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function decryptSecret(envelope: string, ctx: SecretContext): string {
  const { keyId, iv, tag, ciphertext } = parseEnvelope(envelope);
  const aad = associatedData(keyId, ctx);
  const key = getKeyring().byId.get(keyId);
  if (!key) {
    throw new SecretDecryptionError(
      'unknown_key',
      `Secret was encrypted with key id "${keyId}", which is neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS_OLD.`,
      keyId,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError(
      'authentication_failed',
      `Secret failed authentication with key "${keyId}": it was altered, belongs to another tenant or field, or the key with this id changed.`,
      keyId,
    );
  }
}

/** The key id of an envelope; throws SecretDecryptionError if it is not one. */
export function envelopeKeyId(envelope: string): string {
  return parseEnvelope(envelope).keyId;
}

/** True when the envelope was sealed with a key other than the current one. */
export function needsReencryption(envelope: string): boolean {
  return envelopeKeyId(envelope) !== getKeyring().current.id;
}
