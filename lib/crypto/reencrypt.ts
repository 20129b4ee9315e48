// Key rotation: re-seals every tenant secret whose envelope names a key other
// than the current one. One transaction per tenant (row locked), so a
// concurrent settings update is neither lost nor overwritten; secrets that
// cannot be decrypted are reported and left untouched. Re-running is a no-op.
import { decryptSecret, encryptSecret, needsReencryption } from '@/lib/crypto/envelope';
import { SecretDecryptionError } from '@/lib/crypto/errors';
import { SECRET_COLUMNS, SECRET_FIELD_NAMES, type SecretFieldName } from '@/lib/crypto/secret-columns';
import type { Db, Tx } from '@/lib/prisma';

export interface ReencryptOptions {
  dryRun?: boolean;
  /** Limit the run to these tenants (default: every tenant_settings row). */
  tenantIds?: string[];
  batchSize?: number;
}

export interface ReencryptFailure {
  tenantId: string;
  field: SecretFieldName;
  reason: string;
}

export interface ReencryptReport {
  dryRun: boolean;
  tenantsScanned: number;
  tenantsUpdated: number;
  /** Fields re-encrypted (or, in a dry run, that would be). */
  fieldsReencrypted: number;
  fieldsAlreadyCurrent: number;
  failures: ReencryptFailure[];
}

type SecretRow = { id: string; tenantId: string } & Record<(typeof SECRET_COLUMNS)[SecretFieldName], string | null>;

// Every column of SECRET_COLUMNS, so a secret added there is rotated too.
const SELECT = {
  id: true,
  tenantId: true,
  ...(Object.fromEntries(Object.values(SECRET_COLUMNS).map((c) => [c, true])) as Record<(typeof SECRET_COLUMNS)[SecretFieldName], true>),
};

function reason(err: unknown): string {
  return err instanceof SecretDecryptionError ? `${err.reason}: ${err.message}` : String(err);
}

interface RowPlan {
  updates: Partial<Record<(typeof SECRET_COLUMNS)[SecretFieldName], string>>;
  current: number;
  failures: ReencryptFailure[];
}

function planRow(row: SecretRow): RowPlan {
  const plan: RowPlan = { updates: {}, current: 0, failures: [] };
  for (const field of SECRET_FIELD_NAMES) {
    const column = SECRET_COLUMNS[field];
    const envelope = row[column];
    if (!envelope) continue;
    const ctx = { tenantId: row.tenantId, field };
    try {
      if (!needsReencryption(envelope)) {
        plan.current++;
        continue;
      }
      plan.updates[column] = encryptSecret(decryptSecret(envelope, ctx), ctx);
    } catch (err) {
      plan.failures.push({ tenantId: row.tenantId, field, reason: reason(err) });
    }
  }
  return plan;
}

async function applyLocked(tx: Tx, id: string): Promise<RowPlan | null> {
  await tx.$queryRaw`SELECT 1 FROM tenant_settings WHERE id = ${id}::uuid FOR UPDATE`;
  const row = await tx.tenantSettings.findUnique({ where: { id }, select: { ...SELECT, updatedAt: true } });
  if (!row) return null;
  const plan = planRow(row);
  if (Object.keys(plan.updates).length > 0) {
    // Same plaintext, new key: not a settings change, so updated_at is kept.
    await tx.tenantSettings.update({ where: { id }, data: { ...plan.updates, updatedAt: row.updatedAt } });
  }
  return plan;
}

export async function reencryptSecrets(db: Db, options: ReencryptOptions = {}): Promise<ReencryptReport> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 200;
  const report: ReencryptReport = {
    dryRun,
    tenantsScanned: 0,
    tenantsUpdated: 0,
    fieldsReencrypted: 0,
    fieldsAlreadyCurrent: 0,
    failures: [],
  };
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.tenantSettings.findMany({
      where: options.tenantIds ? { tenantId: { in: options.tenantIds } } : undefined,
      select: SELECT,
      orderBy: { id: 'asc' },
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    for (const row of rows) {
      report.tenantsScanned++;
      let plan = planRow(row);
      if (!dryRun && Object.keys(plan.updates).length > 0) {
        plan = (await db.$transaction((tx) => applyLocked(tx, row.id))) ?? { updates: {}, current: 0, failures: [] };
      }
      const changed = Object.keys(plan.updates).length;
      if (changed > 0) report.tenantsUpdated++;
      report.fieldsReencrypted += changed;
      report.fieldsAlreadyCurrent += plan.current;
      report.failures.push(...plan.failures);
    }
    if (rows.length < batchSize) break;
  }
  return report;
}
