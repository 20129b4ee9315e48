'use client';
import { AlertTriangle, ArrowDownRight, ArrowUpRight, CircleCheck, CircleHelp, Hourglass, Landmark, Wallet } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { MonthlyChart } from '@/components/dashboard/monthly-chart';
import { monthTotals, series, totalBalance } from '@/components/dashboard/summary';
import { reconciliationOverview, type ReconciliationOverview } from '@/components/reconciliation/overview';
import { itemStatus } from '@/components/accounts/item-status';
import { SyncStatusPanel } from '@/components/accounts/sync-status';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { formatBRL, formatCalendarDate, formatDateTime, formatMonth, formatPercent, monthSP } from '@/lib/format';
import { ApiClientError } from '@/lib/hooks/fetcher';
import { useAccounts } from '@/lib/hooks/use-accounts';
import { useItems } from '@/lib/hooks/use-extra';
import { useKpis } from '@/lib/hooks/use-kpis';
import { useReconciliation } from '@/lib/hooks/use-reconciliation';

export function Dashboard({ canSync = false }: { canSync?: boolean }) {
  const kpis = useKpis();
  const accounts = useAccounts();
  const items = useItems();
  // One row is enough: the Painel reads the summary, and the page cut is cheap on the stored result.
  const recon = useReconciliation(PAINEL_RECON);
  const month = monthSP();
  const overview = recon.data ? reconciliationOverview(recon.data.summary) : null;
  const noAdvbox = recon.error instanceof ApiClientError && recon.error.status === 409;

  const hasBank = (items.data?.items.length ?? 0) > 0 || (accounts.data?.accounts.length ?? 0) > 0;
  const failing = (items.data?.items ?? []).filter((i) => itemStatus(i).tone === 'danger' || itemStatus(i).tone === 'warning');

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Painel</h1>
          <p className="text-sm text-slate-600">
            {formatMonth(month, 'long')}
            {kpis.data?.asOf && <> · números atualizados em {formatDateTime(kpis.data.asOf)}</>}
          </p>
        </div>
      </div>

      {(items.data?.items.length ?? 0) > 0 && <SyncStatusPanel canSync={canSync} showAdvbox />}

      {kpis.isError ? (
        <ErrorState message={kpis.error.message} onRetry={() => kpis.refetch()} />
      ) : (
        <KpiCards loading={kpis.isPending || accounts.isPending} kpis={kpis.data?.kpis ?? []} balance={accounts.data ? totalBalance(accounts.data.accounts) : null} month={month} />
      )}

      <ReconciliationCards
        loading={recon.isPending}
        error={recon.isError && !noAdvbox ? recon.error.message : null}
        onRetry={() => recon.refetch()}
        noAdvbox={noAdvbox}
        overview={overview}
        window={recon.data?.window ?? null}
      />

      <div className="grid gap-5 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardTitle>Créditos e débitos nos últimos 12 meses (R$)</CardTitle>
          {kpis.isPending ? (
            <Skeleton className="mt-4 h-64" />
          ) : kpis.data && kpis.data.kpis.length > 0 ? (
            <MonthlyChart data={series(kpis.data.kpis, month)} />
          ) : (
            <div className="mt-4">
              {hasBank ? (
                // A bank is connected (its balance is on the card above): asking to connect one would be wrong.
                <EmptyState title="Nenhum crédito ou débito nos últimos 12 meses." hint="Os lançamentos aparecem aqui depois que as contas forem sincronizadas." />
              ) : (
                <EmptyState title="Ainda não há movimentações." hint="Conecte um banco para ver créditos e débitos por mês." action={<Button asChild size="sm"><Link href="/contas">Conectar um banco</Link></Button>} />
              )}
            </div>
          )}
        </Card>
        <Card>
          <CardTitle>Precisa de atenção</CardTitle>
          {items.isPending ? (
            <Skeleton className="mt-4 h-24" />
          ) : items.isError ? (
            <div className="mt-3"><ErrorState message={items.error.message} onRetry={() => items.refetch()} /></div>
          ) : failing.length === 0 && !overview?.pending.count ? (
            <p className="mt-3 text-sm text-slate-700">{items.data.items.length ? 'Todas as conexões bancárias estão em dia.' : 'Nenhum banco conectado ainda.'}</p>
          ) : (
            <ul className="mt-3 flex flex-col gap-3" data-testid="attention">
              {overview && overview.pending.count > 0 && (
                <li className="flex items-start gap-2 text-sm">
                  <Hourglass className="mt-0.5 h-4 w-4 shrink-0 text-brand-700" aria-hidden />
                  <div>
                    <p className="font-medium">
                      {overview.pending.count} {overview.pending.count === 1 ? 'crédito aguarda' : 'créditos aguardam'} confirmação
                    </p>
                    <p className="text-slate-700">{proposalsText(overview)}, somando {formatBRL(overview.pending.amount)}.</p>
                    <Link href="/conciliacao" className="text-brand-700 underline">Abrir a Conciliação</Link>
                  </div>
                </li>
              )}
              {failing.map((i) => {
                const s = itemStatus(i);
                return (
                  <li key={i.id} className="flex items-start gap-2 text-sm">
                    <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" aria-hidden />
                    <div>
                      <p className="font-medium">
                        {i.connectorName ?? 'Banco'} <Badge tone={s.tone}>{s.label}</Badge>
                      </p>
                      <p className="text-slate-700">{s.action}</p>
                      <Link href="/contas" className="text-brand-700 underline">Ver em Contas</Link>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function KpiCards({ loading, kpis, balance, month }: { loading: boolean; kpis: import('@/lib/kpi-view/read').TenantKpi[]; balance: string | null; month: string }) {
  if (loading)
    return (
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => <Skeleton key={i} className="h-28" />)}
      </div>
    );
  const t = monthTotals(kpis, month);
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="kpi-cards">
      <Kpi icon={<Wallet className="h-4 w-4" aria-hidden />} label="Saldo em contas" value={balance == null ? '—' : formatBRL(balance)} hint={balance == null ? 'Nenhuma conta com saldo' : 'Soma das contas em reais'} />
      <Kpi
        icon={<ArrowUpRight className="h-4 w-4 text-credit" aria-hidden />}
        label="Recebido no mês"
        value={formatBRL(t.credits)}
        valueClass="text-credit"
        hint={credits(t.creditCount)}
      />
      <Kpi
        icon={<ArrowDownRight className="h-4 w-4 text-debit" aria-hidden />}
        label="Gasto no mês"
        value={formatBRL(t.debits === '0.00' ? t.debits : `-${t.debits}`)}
        valueClass="text-debit"
        hint={`${t.debitCount} ${t.debitCount === 1 ? 'débito' : 'débitos'}`}
      />
    </div>
  );
}

const PAINEL_RECON = { limit: 1 } as const;

const credits = (n: number) => `${n} ${n === 1 ? 'crédito' : 'créditos'}`;

function proposalsText(o: ReconciliationOverview): string {
  const parts = [];
  if (o.pending.auto) parts.push(`${o.pending.auto} ${o.pending.auto === 1 ? 'automático' : 'automáticos'}`);
  if (o.pending.suggested) parts.push(`${o.pending.suggested} ${o.pending.suggested === 1 ? 'sugerido' : 'sugeridos'}`);
  return parts.join(' e ');
}

function ReconciliationCards({
  loading,
  error,
  onRetry,
  noAdvbox,
  overview,
  window,
}: {
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  noAdvbox: boolean;
  overview: ReconciliationOverview | null;
  window: { from: string; to: string } | null;
}) {
  if (noAdvbox)
    return (
      <Card data-testid="recon-cards">
        <p className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <CircleCheck className="h-4 w-4" aria-hidden /> Conciliação
        </p>
        <p className="mt-2 text-sm text-slate-700">
          Conecte o Advbox para ver o que já foi conciliado e o que aguarda confirmação.{' '}
          <Link href="/configuracoes" className="text-brand-700 underline">Ir para Configurações</Link>
        </p>
      </Card>
    );
  if (error) return <ErrorState message={error} onRetry={onRetry} />;
  if (loading || !overview)
    return (
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => <Skeleton key={i} className="h-28" />)}
      </div>
    );
  const since = window ? `desde ${formatCalendarDate(window.from)}` : 'no período';
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="recon-cards">
      <Kpi
        icon={<CircleCheck className="h-4 w-4 text-credit" aria-hidden />}
        label="Conciliado"
        value={formatBRL(overview.reconciled.amount)}
        hint={`${credits(overview.reconciled.count)} · ${formatPercent(overview.reconciledShare)} do valor recebido ${since}`}
      />
      <Kpi
        icon={<Hourglass className="h-4 w-4 text-brand-700" aria-hidden />}
        label="Aguardando confirmação"
        value={credits(overview.pending.count)}
        hint={overview.pending.count ? `${formatBRL(overview.pending.amount)} · ${proposalsText(overview)}` : 'Nenhuma proposta a confirmar'}
        href={overview.pending.count ? (overview.pending.auto ? '/conciliacao' : '/conciliacao?tab=suggested') : undefined}
      />
      <Kpi
        icon={<CircleHelp className="h-4 w-4 text-slate-600" aria-hidden />}
        label="Sem cliente identificado"
        value={credits(overview.unmatched.count)}
        hint={overview.unmatched.count ? `${formatBRL(overview.unmatched.amount)} para vincular a um cliente` : 'Todos os créditos têm um cliente'}
        href={overview.unmatched.count ? '/conciliacao?tab=unmatched' : undefined}
      />
    </div>
  );
}

function Kpi({ icon, label, value, hint, valueClass, href }: { icon: ReactNode; label: string; value: string; hint: string; valueClass?: string; href?: string }) {
  return (
    <Card>
      <p className="flex items-center gap-2 text-sm font-medium text-slate-700">
        {icon ?? <Landmark className="h-4 w-4" aria-hidden />}
        {href ? (
          <Link href={href} className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
            {label}
          </Link>
        ) : (
          label
        )}
      </p>
      <p className={`tabular mt-2 text-2xl font-semibold ${valueClass ?? ''}`}>{value}</p>
      <p className="mt-1 text-xs text-slate-600">{hint}</p>
    </Card>
  );
}
