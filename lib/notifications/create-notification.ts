// The one way notifications are created: it honours the tenant's
// preferences and writes a `notification` hint into the events outbox in the
// same transaction (published by a relay once it commits; no NOTIFY here).
import { publishEvent } from '@/lib/events/publish';
import type { TenantSettings } from '@/lib/generated/prisma/client';
import type { Tx } from '@/lib/prisma';

/** Notification types that a tenant preference can switch off. */
const PREFERENCE: Record<string, keyof TenantSettings> = {
  'sync.completed': 'notifyOnSync',
  'sync.failed': 'notifyOnSyncError',
  'matches.new': 'notifyOnNewMatches',
  'reconciliation.confirmed': 'notifyOnReconciled',
};

export interface NewNotification {
  tenantId: string;
  /** Null = every member of the tenant. */
  userId?: string | null;
  type: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

export async function createNotification(tx: Tx, input: NewNotification) {
  const pref = PREFERENCE[input.type];
  if (pref) {
    const settings = await tx.tenantSettings.findUnique({ where: { tenantId: input.tenantId } });
    if (settings && settings[pref] === false) return null;
  }
  const row = await tx.notification.create({
    data: {
      tenantId: input.tenantId,
      userId: input.userId ?? null,
      type: input.type,
      title: input.title,
      body: input.body ?? null,
      link: input.link ?? null,
    },
  });
  await publishEvent(tx, {
    type: 'notification',
    tenantId: input.tenantId,
    entity: 'notification',
    ids: [row.id],
    userId: row.userId,
  });
  return row;
}
