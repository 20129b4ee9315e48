// Bank accounts of a tenant (synchronised from Pluggy). Accounts of a
// disconnected (soft-deleted) item are hidden but kept for history.
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantResource } from '@/lib/cache';
import { moneyString } from '@/lib/money';
import type { Db } from '@/lib/prisma';

export interface AccountDto {
  id: string;
  pluggyAccountId: string;
  name: string;
  displayName: string | null;
  type: string;
  subtype: string | null;
  number: string | null;
  balance: string | null;
  currencyCode: string;
  bank: string | null;
  itemStatus: string | null;
  lastSyncedAt: string | null;
}

export async function listAccounts(db: Db, tenantId: string): Promise<{ accounts: AccountDto[] }> {
  const rows = await db.pluggyAccount.findMany({
    where: { tenantId, deletedAt: null, item: { deletedAt: null } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { item: { select: { connectorName: true, status: true, lastSyncedAt: true } } },
  });
  return {
    accounts: rows.map((r) => ({
      id: r.id,
      pluggyAccountId: r.pluggyAccountId,
      name: r.name,
      displayName: r.displayName,
      type: r.type,
      subtype: r.subtype,
      number: r.number,
      balance: moneyString(r.balance),
      currencyCode: r.currencyCode,
      bank: r.item.connectorName,
      itemStatus: r.item.status,
      lastSyncedAt: r.item.lastSyncedAt?.toISOString() ?? null,
    })),
  };
}

export async function renameAccount(
  db: Db,
  { tenantId, actorId, requestId, id, displayName }: { tenantId: string; actorId: string; requestId?: string; id: string; displayName: string | null },
): Promise<{ id: string; displayName: string | null }> {
  const result = await db.$transaction(async (tx) => {
    const acc = await tx.pluggyAccount.findFirst({ where: { id, tenantId, deletedAt: null } });
    if (!acc) throw notFound('Conta não encontrada.');
    await tx.pluggyAccount.update({ where: { id }, data: { displayName } });
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'account.renamed',
      entityType: 'pluggy_account',
      entityId: id,
      metadata: { from: acc.displayName, to: displayName },
      requestId,
    });
    return { id, displayName };
  });
  // Account names also appear in transaction listings.
  await invalidateTenantResource(tenantId, 'accounts');
  await invalidateTenantResource(tenantId, 'txns');
  return result;
}
