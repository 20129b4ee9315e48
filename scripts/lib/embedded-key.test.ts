import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKey } from '@/lib/crypto/keys';
import { embeddedEncryptionKey } from '@/scripts/lib/embedded-key';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'concilia-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('embeddedEncryptionKey', () => {
  it('without ENCRYPTION_KEY: the data directory’s local key, in ENCRYPTION_KEY’s format, the same on every start', () => {
    const dir = scratch();
    const first = embeddedEncryptionKey({}, dir)!;
    expect(first.file).toBe(join(dir, 'dev-encryption-key'));
    expect(parseKey(first.key, 'ENCRYPTION_KEY').id).toMatch(/^dev-/);
    expect(embeddedEncryptionKey({}, dir)!.key).toBe(first.key);
    expect(embeddedEncryptionKey({}, scratch())!.key).not.toBe(first.key);
  });

  it('leaves a configured ENCRYPTION_KEY alone', () => {
    expect(embeddedEncryptionKey({ ENCRYPTION_KEY: 'k1:' + 'ab'.repeat(32) }, scratch())).toBeNull();
  });
});
