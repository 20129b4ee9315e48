// Bank transactions of a tenant: the listing (keyset-paginated on date, id,
// served by idx_pluggy_tx_tenant_date_type) and ignore / unignore.
import { decodeCursor, encodeCursor } from '@/lib/api/cursor';
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon, invalidateTenantResource } from '@/lib/cache';
import type { Prisma } from '@/lib/generated/prisma/client';
import { calendarDate, directedAmount, moneyString } from '@/lib/money';
import { foldSearchText, likeLiteral } from '@/lib/pluggy/search-text';
import type { Db } from '@/lib/prisma';

export interface TransactionFilters {
  from?: string;
  to?: string;
  type?: 'CREDIT' | 'DEBIT';
  accountId?: string;
  ignored?: boolean;
  q?: string;
  paymentMethod?: string;
  cursor?: string;
  limit: number;
}

export interface TransactionDto {
  id: string;
  accountId: string;
  date: string;
  description: string;
  type: 'CREDIT' | 'DEBIT';
  /** Exact, signed by `type` (CREDIT > 0, DEBIT < 0) whatever the sign Pluggy stored. */
  amount: string;
  currencyCode: string;
  status: string;
  paymentMethod: string | null;
  payerName: string | null;
  payerDocument: string | null;
  category: string | null;
  ignored: boolean;
}

const utcDate = (d: string) => new Date(`${d}T00:00:00.000Z`);

const LIST_COLUMNS = {
  id: true,
  pluggyAccountDbId: true,
  date: true,
  description: true,
  type: true,
  amount: true,
  currencyCode: true,
  status: true,
  paymentMethod: true,
  payerName: true,
  payerDocument: true,
  category: true,
  ignored: true,
} satisfies Prisma.PluggyTransactionSelect;

/** The listing's filter as a Prisma where (shared by the listing, its totals and the CSV export). */
export function transactionWhere(tenantId: string, f: Omit<TransactionFilters, 'limit'>): Prisma.PluggyTransactionWhereInput {
  const where: Prisma.PluggyTransactionWhereInput = { tenantId, deletedAt: null };
  const and: Prisma.PluggyTransactionWhereInput[] = [];
  if (f.from || f.to) where.date = { ...(f.from ? { gte: utcDate(f.from) } : {}), ...(f.to ? { lte: utcDate(f.to) } : {}) };
  if (f.type) where.type = f.type;
  if (f.accountId) where.pluggyAccountDbId = f.accountId;
  if (f.ignored !== undefined) where.ignored = f.ignored;
  if (f.paymentMethod) where.paymentMethod = f.paymentMethod;
  if (f.q) {
    const digits = f.q.replace(/\D/g, '');
    and.push({
      OR: [
        { searchText: { contains: likeLiteral(foldSearchText(f.q)) } },
        ...(digits.length >= 3 ? [{ payerDocument: { contains: digits } }] : []),
      ],
    });
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    and.push({ OR: [{ date: { lt: c.at } }, { date: c.at, id: { lt: c.id } }] });
  }
  if (and.length) where.AND = and;
  return where;
}

export async function listTransactions(
  db: Db,
  tenantId: string,
  f: TransactionFilters,
): Promise<{ items: TransactionDto[]; nextCursor: string | null }> {
  const where = transactionWhere(tenantId, f);

  const rows = await db.pluggyTransaction.findMany({
    where,
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
    // The DTO's columns only: half the row, which is most of a MISS's CPU.
    select: LIST_COLUMNS,
  });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      accountId: r.pluggyAccountDbId,
      date: calendarDate(r.date),
      description: r.description,
      type: r.type,
      amount: directedAmount(r.type, moneyString(r.amount)!),
      currencyCode: r.currencyCode,
      status: r.status,
      paymentMethod: r.paymentMethod,
      payerName: r.payerName,
      payerDocument: r.payerDocument,
      category: r.category,
      ignored: r.ignored,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.date, last.id) : null,
  };
}

export async function setTransactionIgnored(
  db: Db,
  { tenantId, actorId, requestId, id, ignored }: { tenantId: string; actorId: string; requestId?: string; id: string; ignored: boolean },
): Promise<{ id: string; ignored: boolean }> {
  const result = await db.$transaction(async (tx) => {
    const t = await tx.pluggyTransaction.findFirst({ where: { id, tenantId, deletedAt: null }, select: { ignored: true } });
    if (!t) throw notFound('Transação não encontrada.');
    if (t.ignored !== ignored) {
      await tx.pluggyTransaction.update({
        where: { id },
        data: ignored ? { ignored, ignoredAt: new Date(), ignoredBy: actorId } : { ignored, ignoredAt: null, ignoredBy: null },
      });
      await writeAudit(tx, {
        tenantId,
        actorId,
        action: ignored ? 'transaction.ignored' : 'transaction.unignored',
        entityType: 'pluggy_transaction',
        entityId: id,
        requestId,
      });
    }
    return { id, ignored };
  });
  // Ignored transactions leave the listing filters, the KPIs and matching.
  await invalidateTenantResource(tenantId, 'txns');
  await invalidateTenantRecon(tenantId);
  return result;
}
