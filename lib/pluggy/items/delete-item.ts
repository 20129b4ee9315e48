// DELETE /api/pluggy/items/[id]: disconnects a bank. Soft: the item row is
// marked deleted (its accounts leave the listings), while its transactions
// and reconciliation history stay. Then the item is deleted at Pluggy too,
// best effort — that stops Pluggy's daily auto-sync and its holding of the
// bank credentials; if Pluggy cannot be reached the disconnection still
// stands here and `remoteDeleted` says so.
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantResource } from '@/lib/cache';
import { PluggyApiError, pluggyForTenant, PluggyNotConfiguredError } from '@/lib/pluggy/client';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';

export async function deleteItem(
  db: Db,
  { tenantId, actorId, requestId, id }: { tenantId: string; actorId: string; requestId?: string; id: string },
): Promise<{ id: string; deleted: true; remoteDeleted: boolean }> {
  const row = await db.$transaction(async (tx) => {
    const item = await tx.pluggyItem.findFirst({ where: { id, tenantId, deletedAt: null, source: 'pluggy' } });
    if (!item) throw notFound('Conexão bancária não encontrada.');
    await tx.pluggyItem.update({ where: { id }, data: { deletedAt: new Date() } });
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'pluggy_item.disconnected',
      entityType: 'pluggy_item',
      entityId: id,
      metadata: { pluggyItemId: item.pluggyItemId, connector: item.connectorName },
      requestId,
    });
    return item;
  });
  await invalidateTenantResource(tenantId, 'accounts');
  await invalidateTenantResource(tenantId, 'txns');

  let remoteDeleted = false;
  try {
    const api = await pluggyForTenant(db, tenantId, { policy: 'interactive' });
    await api.deleteItem(row.pluggyItemId);
    remoteDeleted = true;
  } catch (err) {
    // Already gone at Pluggy is what we wanted.
    if (err instanceof PluggyApiError && err.status === 404) remoteDeleted = true;
    // Without credentials there is no way to reach it (nor for it to sync).
    else if (!(err instanceof PluggyNotConfiguredError)) log('warn', 'pluggy item not deleted at Pluggy', { tenantId, itemId: id, err });
  }
  return { id, deleted: true, remoteDeleted };
}
