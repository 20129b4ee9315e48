import { can } from '@/components/permissions';
import { parseTxnSearch } from '@/components/transactions/params';
import { TransactionsView } from '@/components/transactions/transactions-view';
import { queryKeys } from '@/lib/hooks/query-keys';
import { listAccounts } from '@/lib/pluggy/accounts';
import { transactionTotals } from '@/lib/pluggy/transaction-export';
import { listTransactions } from '@/lib/pluggy/transactions';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from '../session';

export const metadata = { title: 'Transações — Concilia' };

export default async function TransacoesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenantId, role } = await pageSession();
  const params = parseTxnSearch(await searchParams);
  const db = getPrisma();
  const { cursor: _cursor, limit: _limit, ...filters } = params;
  void _cursor;
  void _limit;
  // Totals are of the whole filter (every page), computed here per URL.
  const [totals] = await Promise.all([
    transactionTotals(db, tenantId, filters),
    prefetch(queryKeys.transactions(params), () => listTransactions(db, tenantId, { ...params, limit: params.limit ?? 50 })),
    prefetch(queryKeys.accounts(), () => listAccounts(db, tenantId)),
  ]);
  return (
    <Hydrated>
      <TransactionsView totals={totals} canIgnore={can(role, 'PATCH /api/pluggy/transactions/[id]')} />
    </Hydrated>
  );
}
