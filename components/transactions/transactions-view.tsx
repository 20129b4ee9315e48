'use client';
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown, Download, EyeOff, RotateCcw, Search } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { parseTxnSearch, txnSearchString } from '@/components/transactions/params';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { DateField } from '@/components/ui/date-field';
import { Input } from '@/components/ui/input';
import { ALL, Select } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { formatBRL, formatCalendarDate, maskedDocument } from '@/lib/format';
import type { TransactionDto, TransactionQueryParams } from '@/lib/hooks/types';
import { useAccounts } from '@/lib/hooks/use-accounts';
import { useSetTransactionIgnored, useTransactions } from '@/lib/hooks/use-transactions';
import type { TransactionTotals } from '@/lib/pluggy/transaction-export';

const col = createColumnHelper<TransactionDto>();
const metaClass = (meta: unknown) => (meta as { className?: string } | undefined)?.className;

export function TransactionsView({ totals, canIgnore }: { totals: TransactionTotals; canIgnore: boolean }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo(() => parseTxnSearch(new URLSearchParams(search.toString())), [search]);
  const txns = useTransactions(params);
  const accounts = useAccounts();
  const ignore = useSetTransactionIgnored();
  const { show } = useToast();
  const [sorting, setSorting] = useState<SortingState>([]);

  const accountName = useMemo(() => new Map((accounts.data?.accounts ?? []).map((a) => [a.id, a.displayName ?? a.name])), [accounts.data]);

  function go(next: TransactionQueryParams) {
    const qs = txnSearchString(next);
    router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  const columns = useMemo(
    () => [
      col.accessor('date', { header: 'Data', cell: (c) => <span className="tabular whitespace-nowrap">{formatCalendarDate(c.getValue())}</span> }),
      col.accessor('description', {
        header: 'Descrição',
        cell: (c) => {
          const t = c.row.original;
          return (
            <div className="min-w-48">
              <p className="font-medium text-slate-900">{t.description}</p>
              <p className="text-xs text-slate-600">
                {[t.payerName, t.payerDocument && maskedDocument(t.payerDocument), t.paymentMethod, accountName.get(t.accountId)].filter(Boolean).join(' · ')}
              </p>
              {/* Phones: the amount column is hidden, so the amount sits under the description. */}
              <p className={cn('tabular mt-0.5 font-semibold sm:hidden', t.type === 'CREDIT' ? 'text-credit' : 'text-debit')}>
                {formatBRL(t.amount, { signed: true })}
                {t.ignored && <span className="ml-2 text-xs font-normal text-slate-600">(ignorada)</span>}
              </p>
            </div>
          );
        },
      }),
      col.accessor((t) => Number(t.amount), {
        id: 'amount',
        header: 'Valor',
        meta: { className: 'hidden sm:table-cell text-right' },
        cell: (c) => {
          const t = c.row.original;
          return (
            <span className={cn('tabular block text-right font-medium whitespace-nowrap', t.type === 'CREDIT' ? 'text-credit' : 'text-debit')}>
              {formatBRL(t.amount, { signed: true })}
            </span>
          );
        },
      }),
      col.accessor('ignored', {
        header: 'Situação',
        meta: { className: 'hidden md:table-cell' },
        enableSorting: false,
        cell: (c) => (c.getValue() ? <Badge tone="neutral">Ignorada</Badge> : <Badge tone={c.row.original.type === 'CREDIT' ? 'success' : 'danger'}>{c.row.original.type === 'CREDIT' ? 'Crédito' : 'Débito'}</Badge>),
      }),
      ...(canIgnore
        ? [
            col.display({
              id: 'actions',
              header: () => <span className="sr-only">Ações</span>,
              cell: (c) => {
                const t = c.row.original;
                return (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`${t.ignored ? 'Reativar' : 'Ignorar'} ${t.description}`}
                    onClick={() =>
                      ignore.mutate(
                        { id: t.id, ignored: !t.ignored },
                        {
                          onSuccess: () => {
                            show({ title: t.ignored ? 'Transação reativada.' : 'Transação ignorada.', tone: 'success' });
                            router.refresh(); // the totals of the filter
                          },
                          onError: (e) => show({ title: 'Não foi possível alterar.', description: e.message, tone: 'error' }),
                        },
                      )
                    }
                  >
                    {t.ignored ? <RotateCcw className="h-4 w-4" aria-hidden /> : <EyeOff className="h-4 w-4" aria-hidden />}
                    {t.ignored ? 'Reativar' : 'Ignorar'}
                  </Button>
                );
              },
            }),
          ]
        : []),
    ],
    [accountName, canIgnore, ignore, router, show],
  );

  // TanStack Table is not React-Compiler-safe; nothing memoised reads `table`.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: txns.data?.items ?? [],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const exportHref = `/api/pluggy/transactions/export${txnSearchString(params, { withCursor: false }) ? `?${txnSearchString(params, { withCursor: false })}` : ''}`;
  const filtered = Object.keys(params).some((k) => k !== 'limit' && k !== 'cursor');

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Transações</h1>
        <Button asChild variant="secondary">
          <a href={exportHref} download>
            <Download className="h-4 w-4" aria-hidden /> Exportar CSV
          </a>
        </Button>
      </div>

      <Filters key={search.toString()} params={params} accounts={(accounts.data?.accounts ?? []).map((a) => ({ value: a.id, label: a.displayName ?? a.name }))} onApply={go} />

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="totals">
        <Total label="Transações" value={totals.count.toLocaleString('pt-BR')} />
        <Total label={`Créditos (${totals.creditCount})`} value={formatBRL(totals.credits)} className="text-credit" />
        <Total label={`Débitos (${totals.debitCount})`} value={formatBRL(totals.debits)} className="text-debit" />
        <Total label="Saldo do filtro" value={formatBRL(totals.net, { signed: true })} />
      </div>

      {txns.isError ? (
        <ErrorState message={txns.error.message} onRetry={() => txns.refetch()} />
      ) : txns.isPending ? (
        <div className="flex flex-col gap-2">{Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-11" />)}</div>
      ) : txns.data.items.length === 0 ? (
        filtered ? (
          <EmptyState title="Nenhuma transação neste filtro." hint="Amplie o período ou limpe os filtros." action={<Button variant="secondary" size="sm" onClick={() => go({ limit: params.limit })}>Limpar filtros</Button>} />
        ) : (
          <EmptyState title="Conecte um banco para ver as transações." hint="As transações aparecem aqui depois da primeira sincronização." action={<Button asChild size="sm"><Link href="/contas">Ir para Contas</Link></Button>} />
        )
      ) : (
        <>
          <Table aria-label="Transações">
            <THead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>
                  {hg.headers.map((h) => {
                    const sorted = h.column.getIsSorted();
                    return (
                      <Th key={h.id} className={metaClass(h.column.columnDef.meta)} aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
                        {h.column.getCanSort() ? (
                          <button type="button" onClick={h.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 uppercase">
                            {flexRender(h.column.columnDef.header, h.getContext())}
                            {sorted === 'asc' ? <ArrowUp className="h-3 w-3" aria-hidden /> : sorted === 'desc' ? <ArrowDown className="h-3 w-3" aria-hidden /> : <ArrowUpDown className="h-3 w-3 opacity-50" aria-hidden />}
                          </button>
                        ) : (
                          flexRender(h.column.columnDef.header, h.getContext())
                        )}
                      </Th>
                    );
                  })}
                </tr>
              ))}
            </THead>
            <TBody>
              {table.getRowModel().rows.map((r) => (
                <Tr key={r.id} className={r.original.ignored ? 'text-slate-500' : undefined} data-testid="txn-row">
                  {r.getVisibleCells().map((c) => (
                    <Td key={c.id} className={metaClass(c.column.columnDef.meta)}>{flexRender(c.column.columnDef.cell, c.getContext())}</Td>
                  ))}
                </Tr>
              ))}
            </TBody>
          </Table>
          <nav aria-label="Paginação" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
            <span>
              {txns.data.items.length} nesta página · ordem por data, mais recentes primeiro{sorting.length ? ' (a ordenação por coluna vale para esta página)' : ''}
            </span>
            <span className="flex gap-2">
              {params.cursor && (
                <Button variant="secondary" size="sm" onClick={() => go({ ...params, cursor: undefined })}>
                  Primeira página
                </Button>
              )}
              {txns.data.nextCursor && (
                <Button variant="secondary" size="sm" onClick={() => go({ ...params, cursor: txns.data.nextCursor ?? undefined })}>
                  Próxima página
                </Button>
              )}
            </span>
          </nav>
        </>
      )}
    </div>
  );
}

function Total({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <Card className="p-3 sm:p-3">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      {/* nowrap: a sign must never wrap away from its amount; phones get a size where a nine-digit amount fits half the width. */}
      <p className={cn('tabular mt-1 text-[15px] font-semibold whitespace-nowrap sm:text-lg', className)}>{value}</p>
    </Card>
  );
}

function Filters({ params, accounts, onApply }: { params: TransactionQueryParams; accounts: { value: string; label: string }[]; onApply: (p: TransactionQueryParams) => void }) {
  const [type, setType] = useState<string>(params.type ?? ALL);
  const [account, setAccount] = useState<string>(params.accountId ?? ALL);
  const [ignored, setIgnored] = useState<string>(params.ignored === undefined ? ALL : String(params.ignored));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => (String(f.get(k) ?? '').trim() || undefined);
    onApply({
      limit: params.limit,
      q: str('q'),
      from: str('from'),
      to: str('to'),
      type: type === ALL ? undefined : (type as 'CREDIT' | 'DEBIT'),
      accountId: account === ALL ? undefined : account,
      ignored: ignored === ALL ? undefined : ignored === 'true',
    });
  }

  return (
    <form onSubmit={submit} role="search" aria-label="Filtros" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-6">
      <div className="col-span-2 flex flex-col gap-1">
        <label htmlFor="f-q" className="text-xs font-medium text-slate-700">Busca</label>
        <Input id="f-q" name="q" type="search" defaultValue={params.q} placeholder="Descrição, pagador ou CPF/CNPJ" />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="f-from" className="text-xs font-medium text-slate-700">De</label>
        <DateField id="f-from" name="from" label="De" defaultValue={params.from} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="f-to" className="text-xs font-medium text-slate-700">Até</label>
        <DateField id="f-to" name="to" label="Até" defaultValue={params.to} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="f-type" className="text-xs font-medium text-slate-700">Tipo</label>
        <Select id="f-type" label="Tipo" value={type} onChange={setType} options={[{ value: ALL, label: 'Todos' }, { value: 'CREDIT', label: 'Créditos' }, { value: 'DEBIT', label: 'Débitos' }]} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="f-ignored" className="text-xs font-medium text-slate-700">Ignoradas</label>
        <Select id="f-ignored" label="Ignoradas" value={ignored} onChange={setIgnored} options={[{ value: ALL, label: 'Todas' }, { value: 'false', label: 'Só ativas' }, { value: 'true', label: 'Só ignoradas' }]} />
      </div>
      <div className="col-span-2 flex flex-col gap-1">
        <label htmlFor="f-account" className="text-xs font-medium text-slate-700">Conta</label>
        <Select id="f-account" label="Conta" value={account} onChange={setAccount} options={[{ value: ALL, label: 'Todas as contas' }, ...accounts]} />
      </div>
      <div className="col-span-2 flex items-end gap-2 md:col-span-4 md:justify-end">
        <Button type="button" variant="ghost" onClick={() => onApply({ limit: params.limit })}>Limpar</Button>
        <Button type="submit">
          <Search className="h-4 w-4" aria-hidden /> Filtrar
        </Button>
      </div>
    </form>
  );
}
