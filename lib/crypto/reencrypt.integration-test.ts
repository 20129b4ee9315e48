import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, envelopeKeyId } from '@/lib/crypto/envelope';
import { parseKey } from '@/lib/crypto/keys';
import { reencryptSecrets } from '@/lib/crypto/reencrypt';
import { randomKeyHex, setCryptoEnv } from '@/lib/crypto/test-env';
import { rotateWebhookSecret, verifyWebhookSecret } from '@/lib/pluggy/webhooks/secret';
import { createTenant, testDb } from '@/test/db';

const { db } = testDb();
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});
afterAll(() => restore?.());

async function tenantWithSecrets(secrets: { pluggyClientId?: string; advboxToken?: string }) {
  const tenant = await createTenant(db);
  await db.tenantSettings.update({
    where: { tenantId: tenant.id },
    data: {
      pluggyClientIdEnc: secrets.pluggyClientId && encryptSecret(secrets.pluggyClientId, { tenantId: tenant.id, field: 'pluggyClientId' }),
      advboxTokenEnc: secrets.advboxToken && encryptSecret(secrets.advboxToken, { tenantId: tenant.id, field: 'advboxToken' }),
    },
  });
  return tenant.id;
}

const settingsOf = (tenantId: string) => db.tenantSettings.findUniqueOrThrow({ where: { tenantId } });

describe('reencryptSecrets', () => {
  it('re-seals old-key secrets under the current key, keeps updated_at, and is idempotent', async () => {
    const oldKey = `old:${randomKeyHex()}`;
    restore = setCryptoEnv({ ENCRYPTION_KEY: oldKey });
    const a = await tenantWithSecrets({ pluggyClientId: 'client-id-aaaa', advboxToken: 'advbox-token-aaaa' });
    const b = await tenantWithSecrets({ advboxToken: 'advbox-token-bbbb' });
    const bBefore = await settingsOf(b);
    restore();

    const newKey = `new:${randomKeyHex()}`;
    restore = setCryptoEnv({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_OLD: oldKey });
    const c = await tenantWithSecrets({ pluggyClientId: 'already-current' });

    const dry = await reencryptSecrets(db, { dryRun: true, tenantIds: [a, b, c] });
    expect(dry).toMatchObject({ dryRun: true, tenantsScanned: 3, tenantsUpdated: 2, fieldsReencrypted: 3, fieldsAlreadyCurrent: 1 });
    expect(envelopeKeyId((await settingsOf(a)).advboxTokenEnc!)).toBe('old');

    const first = await reencryptSecrets(db, { tenantIds: [a, b, c], batchSize: 2 });
    expect(first).toMatchObject({ dryRun: false, tenantsScanned: 3, tenantsUpdated: 2, fieldsReencrypted: 3, failures: [] });

    const rowA = await settingsOf(a);
    const rowB = await settingsOf(b);
    expect(envelopeKeyId(rowA.pluggyClientIdEnc!)).toBe('new');
    expect(envelopeKeyId(rowA.advboxTokenEnc!)).toBe('new');
    expect(rowB.updatedAt).toEqual(bBefore.updatedAt);
    restore();

    // Readable with the new key alone: the old one can now be retired.
    restore = setCryptoEnv({ ENCRYPTION_KEY: newKey });
    expect(decryptSecret(rowA.pluggyClientIdEnc!, { tenantId: a, field: 'pluggyClientId' })).toBe('client-id-aaaa');
    expect(decryptSecret(rowA.advboxTokenEnc!, { tenantId: a, field: 'advboxToken' })).toBe('advbox-token-aaaa');
    expect(decryptSecret(rowB.advboxTokenEnc!, { tenantId: b, field: 'advboxToken' })).toBe('advbox-token-bbbb');

    const second = await reencryptSecrets(db, { tenantIds: [a, b, c] });
    expect(second).toMatchObject({ tenantsUpdated: 0, fieldsReencrypted: 0, fieldsAlreadyCurrent: 4, failures: [] });
    expect((await settingsOf(a)).advboxTokenEnc).toBe(rowA.advboxTokenEnc);
  });

  it('reports and leaves alone secrets it cannot decrypt', async () => {
    const lostKey = randomKeyHex();
    restore = setCryptoEnv({ ENCRYPTION_KEY: lostKey });
    const t = await tenantWithSecrets({ advboxToken: 'unrecoverable-token' });
    const before = await settingsOf(t);
    restore();

    restore = setCryptoEnv({ ENCRYPTION_KEY: randomKeyHex() });
    const report = await reencryptSecrets(db, { tenantIds: [t] });
    expect(report.fieldsReencrypted).toBe(0);
    expect(report.failures).toEqual([
      { tenantId: t, field: 'advboxToken', reason: expect.stringMatching(/^unknown_key/) },
    ]);
    expect((await settingsOf(t)).advboxTokenEnc).toBe(before.advboxTokenEnc);
    expect(envelopeKeyId(before.advboxTokenEnc!)).toBe(parseKey(lostKey).id);
  });

  it('rotates the webhook secrets too (current and previous), so they still verify once the old key is retired', async () => {
    const oldKey = `old:${randomKeyHex()}`;
    restore = setCryptoEnv({ ENCRYPTION_KEY: oldKey });
    const tenant = await createTenant(db);
    const previous = await db.$transaction((tx) => rotateWebhookSecret(tx, tenant.id));
    const current = await db.$transaction((tx) => rotateWebhookSecret(tx, tenant.id));
    restore();

    const newKey = `new:${randomKeyHex()}`;
    restore = setCryptoEnv({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_OLD: oldKey });
    const report = await reencryptSecrets(db, { tenantIds: [tenant.id] });
    expect(report).toMatchObject({ tenantsUpdated: 1, fieldsReencrypted: 2, failures: [] });
    const row = await settingsOf(tenant.id);
    expect(envelopeKeyId(row.pluggyWebhookSecretEnc!)).toBe('new');
    expect(envelopeKeyId(row.pluggyWebhookSecretPrevEnc!)).toBe('new');
    restore();

    restore = setCryptoEnv({ ENCRYPTION_KEY: newKey });
    expect(await verifyWebhookSecret(db, tenant.id, current)).toBe(true);
    expect(await verifyWebhookSecret(db, tenant.id, previous)).toBe(true);
  });
});
