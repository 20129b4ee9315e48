import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, needsReencryption } from '@/lib/crypto/envelope';
import { getKeyring, keyringBuildCount, resetKeyring } from '@/lib/crypto/keyring';
import { randomKeyHex, setCryptoEnv } from '@/lib/crypto/test-env';
import { resetEnvCache } from '@/lib/env';

const ctx = { tenantId: 't-1', field: 'pluggyClientId' };
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('process keyring', () => {
  it('is built once however many secrets are sealed and opened', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex(), ENCRYPTION_KEYS_OLD: randomKeyHex() });
    const before = keyringBuildCount();
    for (let i = 0; i < 50; i++) {
      const envelope = encryptSecret(`secret ${i}`, ctx);
      decryptSecret(envelope, ctx);
      needsReencryption(envelope);
    }
    expect(keyringBuildCount() - before).toBe(1);
    expect(getKeyring()).toBe(getKeyring());
  });

  it('is rebuilt after the environment is re-read or on an explicit reset', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const first = getKeyring();
    const before = keyringBuildCount();
    resetEnvCache();
    expect(getKeyring()).not.toBe(first);
    resetKeyring();
    getKeyring();
    expect(keyringBuildCount() - before).toBe(2);
  });

  it('lists the current key among the keys usable for decryption', () => {
    restore = setCryptoEnv({ ENCRYPTION_KEY: `now:${randomKeyHex()}`, ENCRYPTION_KEYS_OLD: `before:${randomKeyHex()}` });
    const ring = getKeyring();
    expect(ring.current.id).toBe('now');
    expect([...ring.byId.keys()].sort()).toEqual(['before', 'now']);
  });
});
