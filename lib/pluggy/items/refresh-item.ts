// POST /api/pluggy/items/[id]/refresh: asks Pluggy to update the item now
// (PATCH /items/{id}) and answers with the item's new status. An item that
// Pluggy already reports as UPDATING is not patched again; the instance's
// share of Pluggy's 20 updates a minute is kept by update-limiter.ts, and
// over it the caller gets a 429 with Retry-After.
import { ApiError, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantResource } from '@/lib/cache';
import { pluggyForTenant } from '@/lib/pluggy/client';
import { withPluggy } from '@/lib/pluggy/pluggy-errors';
import type { Db } from '@/lib/prisma';
import { itemColumns, toItemDto, type PluggyItemDto } from './item-dto';
import { itemUpdateLimiter } from './update-limiter';

export async function refreshItem(
  db: Db,
  { tenantId, actorId, requestId, id }: { tenantId: string; actorId: string; requestId?: string; id: string },
): Promise<PluggyItemDto> {
  const row = await db.pluggyItem.findFirst({ where: { id, tenantId, deletedAt: null, source: 'pluggy' } });
  if (!row) throw notFound('Conexão bancária não encontrada.');
  const item = await withPluggy(async () => {
    const api = await pluggyForTenant(db, tenantId, { policy: 'interactive' });
    const current = await api.fetchItem(row.pluggyItemId);
    if (current.status === 'UPDATING') return current;
    const slot = itemUpdateLimiter.take(tenantId);
    if (!slot.ok) {
      throw new ApiError(
        'rate_limited',
        `Limite de atualizações do Pluggy atingido. Tente novamente em ${slot.retryAfterSeconds} s.`,
        { reason: 'item_update_limit', retryAfter: slot.retryAfterSeconds },
        { 'Retry-After': String(slot.retryAfterSeconds) },
      );
    }
    return api.updateItem(row.pluggyItemId);
  });
  const updated = await db.$transaction(async (tx) => {
    const r = await tx.pluggyItem.update({ where: { id }, data: itemColumns(item) });
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'pluggy_item.refresh_requested',
      entityType: 'pluggy_item',
      entityId: id,
      metadata: { pluggyItemId: row.pluggyItemId, status: item.status },
      requestId,
    });
    return r;
  });
  await invalidateTenantResource(tenantId, 'accounts');
  const accountCount = await db.pluggyAccount.count({ where: { pluggyItemDbId: id, deletedAt: null } });
  return toItemDto(updated, accountCount);
}
