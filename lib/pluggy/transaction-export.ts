// Totals of a transaction filter and its CSV export (every row of the filter,
// not one page). The export reads in keyset pages of EXPORT_PAGE rows so a
// firm with hundreds of thousands of rows streams in constant memory.
import { CSV_BOM, csvRow } from '@/lib/format/csv';
import { formatCalendarDate } from '@/lib/format/date';
import { formatDocument } from '@/lib/format/document';
import { moneyString } from '@/lib/money';
import type { Db } from '@/lib/prisma';
import { listTransactions, transactionWhere, type TransactionFilters } from '@/lib/pluggy/transactions';

export const EXPORT_PAGE = 1000;

export interface TransactionTotals {
  count: number;
  credits: string;
  creditCount: number;
  /** Negative (debits are stored signed). */
  debits: string;
  debitCount: number;
  net: string;
}

export async function transactionTotals(db: Db, tenantId: string, f: Omit<TransactionFilters, 'limit' | 'cursor'>): Promise<TransactionTotals> {
  const rows = await db.pluggyTransaction.groupBy({ by: ['type'], where: transactionWhere(tenantId, f), _sum: { amount: true }, _count: { _all: true } });
  const credit = rows.find((r) => r.type === 'CREDIT');
  const debit = rows.find((r) => r.type === 'DEBIT');
  const credits = credit?._sum.amount ?? null;
  const debits = debit?._sum.amount ?? null;
  const net = credits && debits ? credits.plus(debits) : (credits ?? debits);
  return {
    count: (credit?._count._all ?? 0) + (debit?._count._all ?? 0),
    credits: moneyString(credits) ?? '0.00',
    creditCount: credit?._count._all ?? 0,
    debits: moneyString(debits) ?? '0.00',
    debitCount: debit?._count._all ?? 0,
    net: moneyString(net) ?? '0.00',
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
