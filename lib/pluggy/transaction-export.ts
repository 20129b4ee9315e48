// Totals of a transaction filter and its CSV export (every row of the filter,
// not one page). The export reads in keyset pages of EXPORT_PAGE rows so a
// firm with hundreds of thousands of rows streams in constant memory.
import { CSV_BOM, csvRow } from '@/lib/format/csv';
import { formatCalendarDate } from '@/lib/format/date';
import { formatDocument } from '@/lib/format/document';
import { fromCents, toCents } from '@/lib/format/money';
import { moneyString } from '@/lib/money';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/prisma';
import { listTransactions, transactionWhere, type TransactionFilters } from '@/lib/pluggy/transactions';

export const EXPORT_PAGE = 1000;

export interface TransactionTotals {
  count: number;
  credits: string;
  creditCount: number;
  /** Zero or negative: money out, whatever sign each row was stored with. */
  debits: string;
  debitCount: number;
  net: string;
}

export async function transactionTotals(db: Db, tenantId: string, f: Omit<TransactionFilters, 'limit' | 'cursor'>): Promise<TransactionTotals> {
  // Grouped by type and by sign: a card purchase is a DEBIT stored positive and a card bill payment a CREDIT
  // stored negative, so each group is summed by its absolute value and signed by its type.
  const where = transactionWhere(tenantId, f);
  const bySign = (amount: Prisma.DecimalFilter<'PluggyTransaction'>) =>
    db.pluggyTransaction.groupBy({ by: ['type'], where: { AND: [where, { amount }] }, _sum: { amount: true }, _count: { _all: true } });
  const groups = (await Promise.all([bySign({ gte: 0 }), bySign({ lt: 0 })])).flat();
  let credits = 0n;
  let debits = 0n;
  let creditCount = 0;
  let debitCount = 0;
  for (const g of groups) {
    const cents = toCents(moneyString(g._sum.amount) ?? '0.00');
    const abs = cents < 0n ? -cents : cents;
    if (g.type === 'CREDIT') {
      credits += abs;
      creditCount += g._count._all;
    } else {
      debits -= abs;
      debitCount += g._count._all;
    }
  }
  return {
    count: creditCount + debitCount,
    credits: fromCents(credits),
    creditCount,
    debits: fromCents(debits),
    debitCount,
    net: fromCents(credits + debits),
  };
}

const HEADER = ['Data', 'Descrição', 'Tipo', 'Valor (R$)', 'Conta', 'Forma de pagamento', 'Pagador', 'CPF/CNPJ do pagador', 'Categoria', 'Ignorada'];

/** The filter's rows as CSV chunks: BOM + header first, then one chunk per page. */
export async function* transactionsCsv(db: Db, tenantId: string, f: Omit<TransactionFilters, 'limit' | 'cursor'>): AsyncGenerator<string> {
  const accounts = await db.pluggyAccount.findMany({ where: { tenantId }, select: { id: true, name: true, displayName: true } });
  const accountName = new Map(accounts.map((a) => [a.id, a.displayName ?? a.name]));
  yield CSV_BOM + csvRow(HEADER);
  let cursor: string | undefined;
  do {
    const page = await listTransactions(db, tenantId, { ...f, cursor, limit: EXPORT_PAGE });
    let chunk = '';
    for (const t of page.items) {
      chunk += csvRow([
        formatCalendarDate(t.date),
        t.description,
        t.type === 'CREDIT' ? 'Crédito' : 'Débito',
        { money: t.amount },
        accountName.get(t.accountId) ?? '',
        t.paymentMethod,
        t.payerName,
        formatDocument(t.payerDocument),
        t.category,
        t.ignored ? 'Sim' : 'Não',
      ]);
    }
    if (chunk) yield chunk;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
