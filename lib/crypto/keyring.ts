// The process keyring: the current key (encrypts) plus older keys (decrypt
// only), parsed once per environment snapshot. Every secret read/write goes
// through here, so building it must stay off the per-request path.
import { join } from 'node:path';
import { env, type Env } from '@/lib/env';
import { log } from '@/lib/log';
import { loadOrCreateDevKey } from '@/lib/crypto/dev-key';
import { EncryptionConfigError } from '@/lib/crypto/errors';
import { parseKey, parseKeyList, type EncryptionKey } from '@/lib/crypto/keys';

export interface Keyring {
  current: EncryptionKey;
  /** Every usable key by id, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

export interface KeyringConfig {
  ENCRYPTION_KEY?: string;
  ENCRYPTION_KEYS_OLD?: string;
  NODE_ENV: Env['NODE_ENV'];
  /** Where the development key lives when ENCRYPTION_KEY is unset. */
  dataDir: string;
}

let builds = 0;
let devKeyLogged = false;

export function buildKeyring(config: KeyringConfig): Keyring {
  builds++;
  const current = config.ENCRYPTION_KEY ? parseKey(config.ENCRYPTION_KEY) : fallbackKey(config);
  const byId = new Map<string, Buffer>([[current.id, current.key]]);
  for (const old of parseKeyList(config.ENCRYPTION_KEYS_OLD)) {
    const known = byId.get(old.id);
    if (known && !known.equals(old.key)) {
      throw new EncryptionConfigError(
        `ENCRYPTION_KEYS_OLD: key id "${old.id}" is used by two different keys; give each key its own id`,
      );
    }
    byId.set(old.id, old.key);
  }
  return { current, byId };
}

function fallbackKey(config: KeyringConfig): EncryptionKey {
  if (config.NODE_ENV === 'production') {
    throw new EncryptionConfigError(
      'ENCRYPTION_KEY is not set; it is required in production to encrypt and decrypt integration secrets. ' +
        `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`,
    );
  }
  const dev = loadOrCreateDevKey(config.dataDir);
  if (!devKeyLogged) {
    devKeyLogged = true;
    log('info', 'ENCRYPTION_KEY is not set: using the local development key', {
      file: dev.file,
      keyId: dev.key.id,
      created: dev.created,
    });
  }
  return dev.key;
}

// Keyed by the env() snapshot: resetEnvCache() yields a new object, so tests
// that change the environment get a fresh keyring without another hook.
let cached: { source: Env; keyring: Keyring } | undefined;

export function getKeyring(): Keyring {
  const source = env();
  if (cached?.source === source) return cached.keyring;
  const keyring = buildKeyring({
    ENCRYPTION_KEY: source.ENCRYPTION_KEY,
    ENCRYPTION_KEYS_OLD: source.ENCRYPTION_KEYS_OLD,
    NODE_ENV: source.NODE_ENV,
    dataDir: source.CONCILIA_DATA_DIR ?? join(process.cwd(), '.data'),
  });
  cached = { source, keyring };
  return keyring;
}

/** For tests: forget the cached keyring. */
export function resetKeyring(): void {
  cached = undefined;
}

/** For tests: how many times a keyring was built in this process. */
export function keyringBuildCount(): number {
  return builds;
}
