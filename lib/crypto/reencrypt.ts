// Re-encrypts every stored integration secret that is not under the current
// key (after rotating ENCRYPTION_KEY). One transaction per tenant; running it
// again changes nothing.
import { keyring, type Keyring } from '@/lib/crypto/keyring';
import { decryptSecret, encryptSecret, needsReencryption } from '@/lib/crypto/secrets';
import type { Db } from '@/lib/prisma';

const FIELDS = [
  ['pluggyClientId', 'pluggyClientIdEnc'],
  ['pluggyClientSecret', 'pluggyClientSecretEnc'],
  ['advboxToken', 'advboxTokenEnc'],
] as const;

export async function reencryptSecrets(
  db: Db,
  { dryRun = false, ring = keyring() }: { dryRun?: boolean; ring?: Keyring } = {},
): Promise<{ tenants: number; secrets: number }> {
  let tenants = 0;
  let secrets = 0;
  const rows = await db.tenantSettings.findMany({
    select: { tenantId: true, pluggyClientIdEnc: true, pluggyClientSecretEnc: true, advboxTokenEnc: true },
  });
  for (const row of rows) {
    const data: Record<string, string> = {};
    for (const [field, column] of FIELDS) {
      const envelope = row[column];
      if (!envelope || !needsReencryption(envelope, ring)) continue;
      const ctx = { tenantId: row.tenantId, field };
      data[column] = encryptSecret(decryptSecret(envelope, ctx, ring), ctx, ring);
    }
    const n = Object.keys(data).length;
    if (n === 0) continue;
    tenants++;
    secrets += n;
    if (!dryRun) {
      await db.$transaction(async (tx) => {
        await tx.tenantSettings.update({ where: { tenantId: row.tenantId }, data });
      });
    }
  }
  return { tenants, secrets };
}
