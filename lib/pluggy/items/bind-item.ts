// POST /api/pluggy/items: after the Connect widget succeeds, the item is
// read back from Pluggy with the tenant's own client and bound to the
// tenant, with its accounts. An item bound to another tenant is refused
// (items are unique per tenant in the schema, so this check is ours; an
// advisory lock on the Pluggy id makes two concurrent binds take turns).
// Binding the same item again is idempotent and refreshes what we store;
// a soft-deleted one comes back. An item created for a user of another
// tenant (its clientUserId) is refused too: with an app-wide client pair
// every tenant can read every item.
import { ApiError, conflict } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantResource } from '@/lib/cache';
import { onlyDigits } from '@/lib/documents';
import { amountCents, centsToDecimalString, PluggyApiError, pluggyForTenant } from '@/lib/pluggy/client';
import { withPluggy } from '@/lib/pluggy/pluggy-errors';
import type { Db } from '@/lib/prisma';
import { itemColumns, toItemDto, type PluggyItemDto } from './item-dto';

export interface BindContext {
  tenantId: string;
  actorId: string;
  requestId?: string;
}

export async function bindItem(db: Db, ctx: BindContext, pluggyItemId: string): Promise<{ item: PluggyItemDto; created: boolean }> {
  const { item, accounts } = await withPluggy(async () => {
    const api = await pluggyForTenant(db, ctx.tenantId, { policy: 'interactive' });
    try {
      const found = await api.fetchItem(pluggyItemId);
      return { item: found, accounts: await api.fetchAccounts(pluggyItemId) };
    } catch (err) {
      if (err instanceof PluggyApiError && (err.status === 404 || err.status === 400)) {
        throw new ApiError('not_found', 'Conexão não encontrada no Pluggy. Conecte o banco novamente.', { reason: 'pluggy_item_not_found' });
      }
      throw err;
    }
  });
  if (item.clientUserId) {
    const member = await db.tenantUser.findFirst({ where: { tenantId: ctx.tenantId, userId: item.clientUserId }, select: { id: true } });
    if (!member) throw conflict('Esta conexão bancária foi criada por uma pessoa de outro escritório.', { reason: 'item_created_elsewhere' });
  }

  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`pluggy-item:${pluggyItemId}`}, 0))`;
    const elsewhere = await tx.pluggyItem.findFirst({ where: { pluggyItemId, tenantId: { not: ctx.tenantId } }, select: { id: true } });
    if (elsewhere) throw conflict('Esta conexão bancária já está vinculada a outro escritório.', { reason: 'item_bound_elsewhere' });
    const existing = await tx.pluggyItem.findUnique({ where: { tenantId_pluggyItemId: { tenantId: ctx.tenantId, pluggyItemId } } });
    const columns = itemColumns(item);
    const row = existing
      ? await tx.pluggyItem.update({ where: { id: existing.id }, data: { ...columns, deletedAt: null } })
      : await tx.pluggyItem.create({ data: { tenantId: ctx.tenantId, pluggyItemId, ...columns } });
    for (const a of accounts) {
      const tax = a.taxNumber ? onlyDigits(a.taxNumber) : '';
      const data = {
        pluggyItemDbId: row.id,
        type: a.type,
        subtype: a.subtype ?? null,
        name: (a.name || a.marketingName || a.number || 'Conta').slice(0, 160),
        number: a.number ? a.number.slice(0, 60) : null,
        balance: typeof a.balance === 'number' ? centsToDecimalString(amountCents(a.balance)) : null,
        currencyCode: a.currencyCode ?? 'BRL',
        ownerName: a.owner ? a.owner.slice(0, 160) : null,
        taxNumber: tax.length === 11 || tax.length === 14 ? tax : null,
        deletedAt: null,
      };
      await tx.pluggyAccount.upsert({
        where: { tenantId_pluggyAccountId: { tenantId: ctx.tenantId, pluggyAccountId: a.id } },
        create: { tenantId: ctx.tenantId, pluggyAccountId: a.id, ...data },
        update: data,
      });
    }
    const created = !existing;
    const reconnected = !!existing?.deletedAt;
    if (created || reconnected) {
      await writeAudit(tx, {
        tenantId: ctx.tenantId,
        actorId: ctx.actorId,
        action: created ? 'pluggy_item.connected' : 'pluggy_item.reconnected',
        entityType: 'pluggy_item',
        entityId: row.id,
        metadata: { pluggyItemId, connector: columns.connectorName, accounts: accounts.length },
        requestId: ctx.requestId,
      });
    }
    const accountCount = await tx.pluggyAccount.count({ where: { pluggyItemDbId: row.id, deletedAt: null } });
    return { item: toItemDto(row, accountCount), created };
  });
  await invalidateTenantResource(ctx.tenantId, 'accounts');
  await invalidateTenantResource(ctx.tenantId, 'txns');
  return result;
}

