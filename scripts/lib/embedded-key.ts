// `npm start` on embedded defaults serves a production build, and production
// refuses to encrypt or decrypt integration secrets without ENCRYPTION_KEY.
// The embedded demo stores secrets (its Advbox token, webhook secrets), so
// without a key of the person's own it uses the local key file in the data
// directory, the one `npm run dev` uses: both modes read the same demo data.
// Only for the embedded default: with a configured database ENCRYPTION_KEY
// stays required.
import { readFileSync } from 'node:fs';
import { loadOrCreateDevKey } from '@/lib/crypto/dev-key';

export function embeddedEncryptionKey(env: { ENCRYPTION_KEY?: string }, dataDir: string): { key: string; file: string } | null {
  if (env.ENCRYPTION_KEY) return null;
  const { file } = loadOrCreateDevKey(dataDir);
  return { key: readFileSync(file, 'utf8').trim(), file };
}
