// Tenant settings: read as a DTO (secrets shown only as configured + last 4
// characters), updated with validation, audit and cache invalidation in the
// same domain call.
import { conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon, invalidateTenantResource } from '@/lib/cache';
import { emitAfterCommit } from '@/lib/events/publish';
import { decryptSecret, encryptSecret, SecretDecryptionError, SETTINGS_SECRET_COLUMNS, type SettingsSecretFieldName } from '@/lib/crypto';
import { MASK_REVEAL_MIN_LENGTH } from '@/lib/crypto/mask';
import type { TenantSettings } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { scheduleReconciliationPrecompute } from '@/lib/reconciliation/schedule';
import type { SettingsUpdate } from '@/lib/settings/schema';

const SECRET_FIELDS = SETTINGS_SECRET_COLUMNS;
export type SecretField = SettingsSecretFieldName;

export interface SecretStatus {
  configured: boolean;
  last4: string | null;
}

export interface SettingsDto {
  companyName: string | null;
  logoDataUrl: string | null;
  integrations: {
    pluggy: { clientId: SecretStatus; clientSecret: SecretStatus };
    advbox: { token: SecretStatus };
  };
  weights: { document: number; name: number; contact: number; amount: number; date: number };
  thresholds: { high: number; medium: number };
  notifications: { onSync: boolean; onNewMatches: boolean; onSyncError: boolean; onReconciled: boolean };
  autoMarkPaidOnMatch: boolean;
  /** Largest credit the machine may confirm by itself, in reais ("10000.00"). */
  autoMatchCap: string;
  updatedAt: string;
}

function secretStatus(row: TenantSettings, field: SecretField): SecretStatus {
  const envelope = row[SECRET_FIELDS[field]];
  if (!envelope) return { configured: false, last4: null };
  try {
    const plain = decryptSecret(envelope, { tenantId: row.tenantId, field });
    // Same rule as maskSecret: short secrets reveal nothing.
    const chars = Array.from(plain);
    return { configured: true, last4: chars.length >= MASK_REVEAL_MIN_LENGTH ? chars.slice(-4).join('') : null };
  } catch {
    // Unreadable with the configured keys: configured, but must be re-entered.
    return { configured: true, last4: null };
  }
}

export function toSettingsDto(row: TenantSettings): SettingsDto {
  return {
    companyName: row.companyName,
    logoDataUrl: row.logoDataUrl,
    integrations: {
      pluggy: { clientId: secretStatus(row, 'pluggyClientId'), clientSecret: secretStatus(row, 'pluggyClientSecret') },
      advbox: { token: secretStatus(row, 'advboxToken') },
    },
    weights: {
      document: row.weightDocument,
      name: row.weightName,
      contact: row.weightContact,
      amount: row.weightAmount,
      date: row.weightDate,
    },
    thresholds: { high: row.thresholdHigh, medium: row.thresholdMedium },
    notifications: {
      onSync: row.notifyOnSync,
      onNewMatches: row.notifyOnNewMatches,
      onSyncError: row.notifyOnSyncError,
      onReconciled: row.notifyOnReconciled,
    },
    autoMarkPaidOnMatch: row.autoMarkPaidOnMatch,
    autoMatchCap: row.autoMatchCap.toFixed(2),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Settings of a tenant, creating the default row on first read. */
export async function getSettings(db: Db, tenantId: string): Promise<SettingsDto> {
  const row = await db.tenantSettings.upsert({ where: { tenantId }, update: {}, create: { tenantId } });
  return toSettingsDto(row);
}

/** Decrypted integration secret for server-side use only (never returned by the API). */
export async function readSecret(db: Db, tenantId: string, field: SecretField): Promise<string | null> {
  const row = await db.tenantSettings.findUnique({ where: { tenantId } });
  const envelope = row?.[SECRET_FIELDS[field]];
  if (!envelope) return null;
  try {
    return decryptSecret(envelope, { tenantId, field });
  } catch (err) {
    // e.g. the key it was stored under is no longer configured.
    if (err instanceof SecretDecryptionError) {
      throw conflict('Não foi possível ler a credencial salva. Informe-a novamente.', { field });
    }
    throw err;
  }
}

export async function updateSettings(
  db: Db,
  { tenantId, actorId, requestId, input }: { tenantId: string; actorId: string; requestId?: string; input: SettingsUpdate },
): Promise<SettingsDto> {
  const data: Record<string, unknown> = {};
  const changed: Record<string, unknown> = {};
  if (input.companyName !== undefined) data.companyName = changed.companyName = input.companyName;
  if (input.logoDataUrl !== undefined) {
    data.logoDataUrl = input.logoDataUrl;
    changed.logo = input.logoDataUrl === null ? 'removed' : 'replaced';
  }
  for (const field of Object.keys(SECRET_FIELDS) as SecretField[]) {
    const value = input[field];
    if (value === undefined) continue;
    data[SECRET_FIELDS[field]] = value === null ? null : encryptSecret(value, { tenantId, field });
    changed[field] = value === null ? 'cleared' : 'set';
  }
  if (input.weights) {
    Object.assign(data, {
      weightDocument: input.weights.document,
      weightName: input.weights.name,
      weightContact: input.weights.contact,
      weightAmount: input.weights.amount,
      weightDate: input.weights.date,
    });
    changed.weights = input.weights;
  }
  if (input.thresholds) {
    Object.assign(data, { thresholdHigh: input.thresholds.high, thresholdMedium: input.thresholds.medium });
    changed.thresholds = input.thresholds;
  }
  if (input.notifications) {
    const n = input.notifications;
    if (n.onSync !== undefined) data.notifyOnSync = n.onSync;
    if (n.onNewMatches !== undefined) data.notifyOnNewMatches = n.onNewMatches;
    if (n.onSyncError !== undefined) data.notifyOnSyncError = n.onSyncError;
    if (n.onReconciled !== undefined) data.notifyOnReconciled = n.onReconciled;
    changed.notifications = n;
  }
  if (input.autoMarkPaidOnMatch !== undefined) data.autoMarkPaidOnMatch = changed.autoMarkPaidOnMatch = input.autoMarkPaidOnMatch;
  if (input.autoMatchCap !== undefined) data.autoMatchCap = changed.autoMatchCap = input.autoMatchCap;

  const row = await db.$transaction(async (tx) => {
    const exists = await tx.tenant.findFirst({ where: { id: tenantId, deletedAt: null }, select: { id: true } });
    if (!exists) throw notFound('Escritório não encontrado.');
    const updated = await tx.tenantSettings.upsert({
      where: { tenantId },
      update: data,
      create: { tenantId, ...data },
    });
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'settings.updated',
      entityType: 'tenant_settings',
      entityId: updated.id,
      metadata: { changed },
      requestId,
    });
    return updated;
  });

  await invalidateTenantResource(tenantId, 'settings');
  // Weights and thresholds change how matches are scored.
  if (input.weights || input.thresholds) await invalidateTenantRecon(tenantId);
  // After the invalidation, so the refetch it triggers cannot read the old entry.
  emitAfterCommit({ type: 'settings', tenantId, entity: 'settings' });
  if (input.weights || input.thresholds) emitAfterCommit({ type: 'reconciliation_ready', tenantId, entity: 'reconciliation' });
  // What the precompute reads changed: scoring, the auto-confirm rule, or the
  // Advbox account the receivables come from.
  if (input.weights || input.thresholds || input.autoMarkPaidOnMatch !== undefined || input.autoMatchCap !== undefined || input.advboxToken !== undefined) {
    await scheduleReconciliationPrecompute(tenantId).catch((err: unknown) => log('error', 'reconciliation precompute not scheduled after a settings change', { tenantId, err }));
  }
  return toSettingsDto(row);
}
