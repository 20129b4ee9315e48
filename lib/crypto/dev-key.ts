// Local key for development and tests when ENCRYPTION_KEY is unset: random
// bytes in a git-ignored file, so secrets saved in a dev database stay
// readable across restarts. Never used in production.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultKeyId, parseKey, type EncryptionKey } from '@/lib/crypto/keys';

export const DEV_KEY_FILE = 'dev-encryption-key';

export function loadOrCreateDevKey(dataDir: string): { key: EncryptionKey; file: string; created: boolean } {
  const file = join(dataDir, DEV_KEY_FILE);
  let created = false;
  try {
    readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    created = createOnce(dataDir, file);
  }
  return { key: parseKey(readFileSync(file, 'utf8'), file), file, created };
}

// Test workers and dev servers may start together: write a complete temp file
// and hard-link it into place (atomic, fails if the file exists), so nobody
// ever reads a half-written key or overwrites one already in use.
function createOnce(dataDir: string, file: string): boolean {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const key = randomBytes(32);
  // Same "keyId:hex" format as ENCRYPTION_KEY, so the line can be promoted to
  // the environment as is; the "dev-" id makes dev envelopes recognisable.
  writeFileSync(tmp, `dev-${defaultKeyId(key)}:${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}
