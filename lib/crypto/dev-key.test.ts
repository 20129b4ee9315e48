import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_KEY_FILE, loadOrCreateDevKey } from '@/lib/crypto/dev-key';
import { decryptSecret, encryptSecret, envelopeKeyId } from '@/lib/crypto/envelope';
import { parseKey } from '@/lib/crypto/keys';
import { setCryptoEnv } from '@/lib/crypto/test-env';

const ctx = { tenantId: 't-1', field: 'advboxToken' };
const dirs: string[] = [];
let restore: (() => void) | undefined;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-devkey-'));
  dirs.push(dir);
  return join(dir, 'data');
}

afterEach(() => {
  restore?.();
  restore = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateDevKey', () => {
  it('creates the key file once (mode 0600) and reads the same key afterwards', () => {
    const dir = tempDir();
    const first = loadOrCreateDevKey(dir);
    const second = loadOrCreateDevKey(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.key.id).toBe(first.key.id);
    expect(second.key.key.equals(first.key.key)).toBe(true);
    expect(first.key.id).toMatch(/^dev-[0-9a-f]{8}$/);
    expect(statSync(join(dir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('stores the key in ENCRYPTION_KEY format, so it can be promoted as is', () => {
    const dir = tempDir();
    const { key } = loadOrCreateDevKey(dir);
    const promoted = parseKey(readFileSync(join(dir, DEV_KEY_FILE), 'utf8'));
    expect(promoted.id).toBe(key.id);
    expect(promoted.key.equals(key.key)).toBe(true);
  });
});

describe('encryption without ENCRYPTION_KEY outside production', () => {
  it('uses the development key, stable across keyring rebuilds', () => {
    const dir = tempDir();
    restore = setCryptoEnv({ NODE_ENV: 'development', CONCILIA_DATA_DIR: dir });
    const envelope = encryptSecret('dev secret', ctx);
    expect(envelopeKeyId(envelope)).toMatch(/^dev-/);
    restore();

    restore = setCryptoEnv({ NODE_ENV: 'test', CONCILIA_DATA_DIR: dir });
    expect(decryptSecret(envelope, ctx)).toBe('dev secret');
  });
});
