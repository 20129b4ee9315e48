'use client';
// Conciliação: the queue finance staff work through all day. Tabs by status
// (counts and amounts from the view's summary), one dense row per bank
// credit with its proposal, actions per row, bulk confirm, details, link and
// reject dialogs, and a keyboard queue (use-queue-keys.ts). The state that
// matters (tab, search, page) is in the URL; the data is live (SSE →
// 'reconciliation' invalidations).
import { Check, CheckCheck, Info, Link2, RotateCcw, Search, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { BulkPanel, type BulkRun } from '@/components/reconciliation/bulk-panel';
import { DetailsDialog } from '@/components/reconciliation/details-dialog';
import { STATUS_LABEL, STATUS_TONE, formatScore } from '@/components/reconciliation/labels';
import { LinkDialog } from '@/components/reconciliation/link-dialog';
import { reconciliationOverview } from '@/components/reconciliation/overview';
import { Proposal, type ReconPermissions } from '@/components/reconciliation/proposal';
import { historyParams, parseReconSearch, reconSearchString, viewParams, PAGE_SIZE, type ReconSearch, type Tab } from '@/components/reconciliation/params';
import { RejectDialog } from '@/components/reconciliation/reject-dialog';
import { useQueueKeys, type QueueAction } from '@/components/reconciliation/use-queue-keys';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { formatBRL, formatCalendarDate, formatDateTime, formatPercent, formatRelative, sumMoney } from '@/lib/format';
import { ApiClientError } from '@/lib/hooks/fetcher';
import type { ReconciliationDto, ReconRowDto } from '@/lib/hooks/types';
import {
  confirmable,
  useBulkConfirm,
  useConfirmReconciliation,
  useReconciliation,
  useReconciliationHistory,
  useUndoReconciliation,
  type ConfirmVars,
} from '@/lib/hooks/use-reconciliation';


/** A confirmed credit in Conciliado: its records (one per receivable of the confirm). */
export interface ConfirmedGroup {
  transaction: ReconciliationDto['transaction'];
  records: ReconciliationDto[];
}

function groupRecords(items: ReconciliationDto[]): ConfirmedGroup[] {
  const by = new Map<string, ConfirmedGroup>();
  for (const r of items) {
    const g = by.get(r.transaction.id);
    if (g) g.records.push(r);
    else by.set(r.transaction.id, { transaction: r.transaction, records: [r] });
  }
  return [...by.values()];
}

const TAB_ORDER: Tab[] = ['auto', 'suggested', 'unmatched', 'confirmed'];

export type { ReconPermissions };

export function ReconciliationView({ can }: { can: ReconPermissions }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const s = useMemo(() => parseReconSearch(new URLSearchParams(search.toString())), [search]);
  const view = useReconciliation(viewParams(s));
  const history = useReconciliationHistory(historyParams(s), { enabled: s.tab === 'confirmed' });
  const confirm = useConfirmReconciliation();
  const undo = useUndoReconciliation();
  const bulk = useBulkConfirm();
  const { show } = useToast();

  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [details, setDetails] = useState<ReconRowDto | null>(null);
  const [linking, setLinking] = useState<ReconRowDto | null>(null);
  const [rejecting, setRejecting] = useState<ReconRowDto | null>(null);
  const [run, setRun] = useState<BulkRun | null>(null);

  const go = (next: ReconSearch) => {
    const qs = reconSearchString(next);
    setActive(0);
    setSelected(new Set());
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const rows = s.tab === 'confirmed' ? [] : (view.data?.rows ?? []);
  const groups = useMemo(() => (s.tab === 'confirmed' ? groupRecords(history.data?.items ?? []) : []), [s.tab, history.data]);
  const count = s.tab === 'confirmed' ? groups.length : rows.length;
  const current = Math.min(active, Math.max(0, count - 1));
  const canAct = can.confirm || can.reject || can.link || can.undo;

  function focusRow(i: number) {
    setActive(i);
    document.querySelector<HTMLElement>(`[data-row-index="${i}"]`)?.focus();
  }

  function doConfirm(row: ReconRowDto, vars: ConfirmVars | null = confirmable(row), customerName = row.customer?.name) {
    if (!vars || !can.confirm) return;
    confirm.mutate(vars, {
      onSuccess: () => show({ title: 'Conciliado e baixado no Advbox.', description: `${formatBRL(row.transaction.amount)} · ${customerName ?? ''}`, tone: 'success' }),
      onError: (e) => show({ title: 'Não foi possível confirmar.', description: e.message, tone: 'error' }),
    });
    setSelected((x) => {
      if (!x.has(row.transaction.id)) return x;
      const n = new Set(x);
      n.delete(row.transaction.id);
      return n;
    });
  }

  function doUndo(g: ConfirmedGroup) {
    if (!can.undo) return;
    undo.mutate(
      { id: g.records[0]!.id, transactionId: g.transaction.id },
      {
        onSuccess: (r) => show({ title: 'Conciliação desfeita.', description: r.reopened.length ? 'O recebível voltou a ficar em aberto no Advbox.' : undefined, tone: 'success' }),
        onError: (e) => show({ title: 'Não foi possível desfazer.', description: e.message, tone: 'error' }),
      },
    );
  }

  function toggle(id: string) {
    setSelected((x) => {
      const n = new Set(x);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }

  useQueueKeys((action: QueueAction) => {
    if (count === 0) return;
    if (action === 'next') return focusRow(Math.min(count - 1, current + 1));
    if (action === 'prev') return focusRow(Math.max(0, current - 1));
    if (s.tab === 'confirmed') {
      if (action === 'undo') doUndo(groups[current]!);
      return;
    }
    const row = rows[current]!;
    if (action === 'confirm') doConfirm(row);
    else if (action === 'reject' && can.reject && row.customer) setRejecting(row);
    else if (action === 'details') setDetails(row);
    else if (action === 'select' && can.bulk && confirmable(row)) toggle(row.transaction.id);
  });

  function startBulk() {
    const chosen = rows.filter((r) => selected.has(r.transaction.id) && confirmable(r));
    const items = chosen.map((r) => confirmable(r)!);
    if (items.length === 0) return;
    bulk.mutate(
      { items },
      {
        onSuccess: ({ jobId }) => {
          setRun({ jobId, rows: new Map(chosen.map((r) => [r.transaction.id, r])) });
          setSelected(new Set());
        },
        onError: (e) => show({ title: 'Não foi possível iniciar a confirmação em lote.', description: e.message, tone: 'error' }),
      },
    );
  }

  const summary = view.data?.summary;
  const bucket = (t: Tab) => (summary ? (t === 'confirmed' ? summary.confirmed : summary[t]) : null);
  const noToken = view.error instanceof ApiClientError && view.error.status === 409;
  const selectable = can.bulk ? rows.filter((r) => confirmable(r)) : [];
  const selectedRows = rows.filter((r) => selected.has(r.transaction.id));
  const receivablesNote = view.data && (!view.data.sources.receivables.complete || view.data.sources.receivables.error);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Conciliação</h1>
          {view.data && (
            <p className="mt-0.5 text-sm text-slate-600" data-testid="recon-meta">
              Créditos de {formatCalendarDate(view.data.window.from)} a {formatCalendarDate(view.data.window.to)} · conciliado{' '}
              <span className="tabular font-medium text-slate-800">{formatPercent(reconciliationOverview(view.data.summary).reconciledShare)}</span>{' '}
              ·{' '}
              <span title="Créditos confirmados, automáticos ou sugeridos: têm um cliente identificado">
                identificado <span className="tabular font-medium text-slate-800">{formatPercent(view.data.summary.matchRate)}</span>
              </span>{' '}
              · atualizado{' '}
              <time dateTime={view.data.computedAt} title={formatDateTime(view.data.computedAt)}>
                {formatRelative(view.data.computedAt)}
              </time>
            </p>
          )}
        </div>
        <SearchForm key={s.q ?? ''} q={s.q} onSearch={(q) => go({ ...s, q, offset: 0 })} />
      </div>

      {receivablesNote && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          A última leitura dos recebíveis do Advbox ficou incompleta{view.data!.sources.receivables.error ? ` (${view.data!.sources.receivables.error})` : ''}: alguns créditos podem estar sem proposta.
        </p>
      )}

      {/* The tabs are links: each is a URL (bookmarkable), and the browser's back button works. */}
      <nav aria-label="Situação" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {TAB_ORDER.map((t) => {
          const b = bucket(t);
          const here = t === s.tab;
          const qs = reconSearchString({ tab: t, q: s.q, offset: 0 });
          return (
            <Link
              key={t}
              href={qs ? `${pathname}?${qs}` : pathname}
              scroll={false}
              aria-current={here ? 'page' : undefined}
              onClick={() => {
                setActive(0);
                setSelected(new Set());
              }}
              data-testid={`tab-${t}`}
              className={cn(
                '-mb-px flex flex-col items-start border-b-2 px-4 py-2 text-left text-sm font-medium whitespace-nowrap',
                here ? 'border-brand-700 text-brand-800' : 'border-transparent text-slate-600 hover:text-slate-900',
              )}
            >
              <span className="flex items-center gap-2">
                {STATUS_LABEL[t]}
                {b && !(t === 'confirmed' && s.q) && (
                  <span className="tabular rounded-full bg-slate-100 px-1.5 text-xs font-semibold text-slate-700">{b.count.toLocaleString('pt-BR')}</span>
                )}
              </span>
              {b && !(t === 'confirmed' && s.q) && <span className="tabular text-xs font-normal text-slate-600">{formatBRL(b.amount)}</span>}
            </Link>
          );
        })}
      </nav>

              {canAct && (
                <p className="hidden flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 md:flex" data-testid="shortcuts">
                  <span className="font-medium text-slate-700">Atalhos:</span>
                  <Kbd keys={['j', 'k']} label="próximo / anterior" />
                  {s.tab === 'confirmed' ? (
                    <Kbd keys={['u']} label="desfazer" />
                  ) : (
                    <>
                      <Kbd keys={['Enter']} label="confirmar" />
                      <Kbd keys={['r']} label="rejeitar" />
                      <Kbd keys={['d']} label="detalhes" />
                      {can.bulk && <Kbd keys={['x']} label="selecionar" />}
                    </>
                  )}
                </p>
              )}

              {run && <BulkPanel run={run} onClose={() => setRun(null)} />}

              {can.bulk && selectedRows.length > 0 && s.tab !== 'confirmed' && (
                <div className="sticky top-0 z-20 flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-700/30 bg-brand-50 px-3 py-2 text-sm" role="region" aria-label="Seleção">
                  <span>
                    <strong className="tabular">{selectedRows.length}</strong> selecionado{selectedRows.length > 1 ? 's' : ''} ·{' '}
                    <span className="tabular font-medium">{formatBRL(sumMoney(selectedRows.map((r) => r.transaction.amount)))}</span>
                  </span>
                  <span className="flex gap-2">
                    <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                      Limpar seleção
                    </Button>
                    <Button size="sm" onClick={startBulk} disabled={bulk.isPending}>
                      <CheckCheck className="h-4 w-4" aria-hidden /> Confirmar selecionados
                    </Button>
                  </span>
                </div>
              )}

              {s.tab === 'confirmed' ? (
                history.isError ? (
                  <ErrorState message={history.error.message} onRetry={() => history.refetch()} />
                ) : history.isPending ? (
                  <RowsSkeleton />
                ) : groups.length === 0 ? (
                  <EmptyState title="Nenhum crédito conciliado ainda." hint="Ao confirmar uma proposta, o crédito aparece aqui e o recebível é baixado no Advbox." />
                ) : (
                  <ConfirmedTable groups={groups} active={current} onActive={setActive} canUndo={can.undo} onUndo={doUndo} undoing={undo.isPending ? undo.variables?.transactionId : undefined} />
                )
              ) : view.isError ? (
                noToken ? (
                  <div role="alert" className="flex flex-col items-center gap-2 rounded-lg border border-amber-300 bg-amber-50 px-6 py-8 text-center">
                    <p className="font-medium text-amber-950">Conecte o Advbox para conciliar.</p>
                    <p className="max-w-md text-sm text-amber-900">A conciliação compara os créditos do banco com os recebíveis do Advbox. Informe o token do Advbox em Configurações › Integrações.</p>
                    <Button asChild size="sm">
                      <Link href="/configuracoes">Ir para Configurações</Link>
                    </Button>
                  </div>
                ) : (
                  <ErrorState message={view.error.message} onRetry={() => view.refetch()} />
                )
              ) : view.isPending ? (
                <RowsSkeleton />
              ) : rows.length === 0 ? (
                s.q ? (
                  <EmptyState title={`Nenhum crédito encontrado para “${s.q}”.`} action={<Button size="sm" variant="secondary" onClick={() => go({ tab: s.tab, offset: 0 })}>Limpar busca</Button>} />
                ) : (
                  <EmptyState title={EMPTY[s.tab].title} hint={EMPTY[s.tab].hint} />
                )
              ) : (
                <>
                  <Table aria-label={`Créditos — ${STATUS_LABEL[s.tab]}`} className="max-md:block md:table-fixed" wrapperClassName="max-md:max-h-none max-md:border-0 max-md:bg-transparent">
                    <THead className="max-md:hidden">
                      <tr>
                        {can.bulk && (
                          <Th className="w-10">
                            <input
                              type="checkbox"
                              aria-label="Selecionar todos desta página"
                              className="h-4 w-4 accent-brand-700"
                              checked={selectable.length > 0 && selectable.every((r) => selected.has(r.transaction.id))}
                              onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((r) => r.transaction.id)) : new Set())}
                              disabled={selectable.length === 0}
                            />
                          </Th>
                        )}
                        <Th className={cn('w-28', PHONE_ONLY)}>Data</Th>
                        <Th className="w-32 text-right">Crédito</Th>
                        <Th className="w-[21%]">Pagador</Th>
                        <Th>Proposta</Th>
                        <Th className="w-44">Score</Th>
                        <Th className="w-52 text-right">
                          <span className="sr-only">Ações</span>
                        </Th>
                      </tr>
                    </THead>
                    <TBody className="max-md:block max-md:space-y-2 max-md:divide-y-0">
                      {rows.map((row, i) => (
                        <QueueRow
                          key={row.transaction.id}
                          row={row}
                          index={i}
                          active={i === current}
                          onActive={setActive}
                          can={can}
                          selected={selected.has(row.transaction.id)}
                          onToggle={() => toggle(row.transaction.id)}
                          confirming={confirm.isPending && confirm.variables?.transactionId === row.transaction.id}
                          onConfirm={() => doConfirm(row)}
                          onReject={() => setRejecting(row)}
                          onDetails={() => setDetails(row)}
                          onLink={() => setLinking(row)}
                        />
                      ))}
                    </TBody>
                  </Table>
                  <Pager total={view.data.page.total} offset={s.offset} shown={rows.length} onGo={(offset) => go({ ...s, offset })} />
                </>
              )}

      {details && (
        <DetailsDialog
          row={details}
          can={can}
          onClose={() => setDetails(null)}
          onConfirm={(vars, customerName) => {
            doConfirm(details, vars, customerName);
            setDetails(null);
          }}
          onReject={() => {
            setRejecting(details);
            setDetails(null);
          }}
          onLink={() => {
            setLinking(details);
            setDetails(null);
          }}
        />
      )}
      {rejecting && <RejectDialog row={rejecting} onClose={() => setRejecting(null)} />}
      {linking && <LinkDialog row={linking} onClose={() => setLinking(null)} />}
    </div>
  );
}

const EMPTY: Record<Exclude<Tab, 'confirmed'>, { title: string; hint: string }> = {
  auto: { title: 'Nenhum crédito com match automático.', hint: 'Aqui aparecem os créditos cujo pagador, valor e data batem com um recebível em aberto.' },
  suggested: { title: 'Nenhuma sugestão para revisar.', hint: 'Sugestões são propostas com score médio: confira os critérios antes de confirmar.' },
  unmatched: { title: 'Todos os créditos têm uma proposta.', hint: 'Créditos sem cliente identificado aparecem aqui; vincule o pagador a um cliente para as próximas vezes.' },
};

function Kbd({ keys, label }: { keys: string[]; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      {keys.map((k) => (
        <kbd key={k} className="rounded border border-slate-300 bg-white px-1.5 py-px font-mono text-[11px] text-slate-800 shadow-xs">
          {k}
        </kbd>
      ))}
      <span>{label}</span>
    </span>
  );
}

function SearchForm({ q, onSearch }: { q?: string; onSearch: (q: string | undefined) => void }) {
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onSearch(String(new FormData(e.currentTarget).get('q') ?? '').trim() || undefined);
  }
  return (
    <form role="search" aria-label="Buscar créditos" onSubmit={submit} className="flex w-full gap-2 sm:w-auto">
      <label htmlFor="recon-q" className="sr-only">
        Buscar por pagador, cliente, descrição ou valor
      </label>
      <Input id="recon-q" name="q" type="search" defaultValue={q} placeholder="Pagador, cliente, descrição ou valor" className="sm:w-80" />
      <Button type="submit" variant="secondary">
        <Search className="h-4 w-4" aria-hidden /> Buscar
      </Button>
    </form>
  );
}

function RowsSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-busy="true" aria-label="Carregando">
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} className="h-14" />
      ))}
    </div>
  );
}

function Pager({ total, offset, shown, onGo }: { total: number; offset: number; shown: number; onGo: (offset: number) => void }) {
  return (
    <nav aria-label="Paginação" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
      <span className="tabular">
        {total === 0 ? '0' : `${(offset + 1).toLocaleString('pt-BR')}–${(offset + shown).toLocaleString('pt-BR')}`} de {total.toLocaleString('pt-BR')} · mais recentes primeiro
      </span>
      <span className="flex gap-2">
        {offset > 0 && (
          <Button size="sm" variant="secondary" onClick={() => onGo(Math.max(0, offset - PAGE_SIZE))}>
            Página anterior
          </Button>
        )}
        {offset + shown < total && (
          <Button size="sm" variant="secondary" onClick={() => onGo(offset + PAGE_SIZE)}>
            Próxima página
          </Button>
        )}
      </span>
    </nav>
  );
}

// Rows become cards below md: the grid places date | amount, then payer,
// proposal, chips and actions full width.
const ROW = 'group outline-none max-md:grid max-md:grid-cols-[1fr_auto] max-md:gap-x-3 max-md:gap-y-1.5 max-md:rounded-lg max-md:border max-md:border-slate-200 max-md:bg-white max-md:p-3';
const ROW_ACTIVE = 'bg-brand-50/70 shadow-[inset_3px_0_0_var(--color-brand-700)] hover:bg-brand-50 max-md:ring-2 max-md:ring-brand-700';
const CELL = 'max-md:block max-md:p-0';
// On desktops the date sits under the amount: its column's width goes to the proposal, the cell people read.
const PHONE_ONLY = 'md:hidden';
// Desktop rows stay one line tall: secondary actions are icons there (the name stays for screen readers and tests).
const ICON_ON_DESKTOP = 'md:w-8 md:justify-center md:px-0';

function QueueRow({
  row,
  index,
  active,
  onActive,
  can,
  selected,
  onToggle,
  confirming,
  onConfirm,
  onReject,
  onDetails,
  onLink,
}: {
  row: ReconRowDto;
  index: number;
  active: boolean;
  onActive: (i: number) => void;
  can: ReconPermissions;
  selected: boolean;
  onToggle: () => void;
  confirming: boolean;
  onConfirm: () => void;
  onReject: () => void;
  onDetails: () => void;
  onLink: () => void;
}) {
  const t = row.transaction;
  const vars = confirmable(row);
  const payer = t.payerName ?? t.description;
  return (
    <tr
      tabIndex={-1}
      data-row-index={index}
      data-testid="recon-row"
      data-transaction-id={t.id}
      data-active={active || undefined}
      aria-current={active ? 'true' : undefined}
      onFocus={(e) => e.target === e.currentTarget && onActive(index)}
      onClick={() => onActive(index)}
      className={cn(ROW, 'hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-700', active && ROW_ACTIVE)}
    >
      {can.bulk && (
        <Td className="max-md:hidden">
          {vars && <input type="checkbox" aria-label={`Selecionar ${payer} ${formatBRL(t.amount)}`} className="h-4 w-4 accent-brand-700" checked={selected} onChange={onToggle} />}
        </Td>
      )}
      <Td className={cn(CELL, 'tabular whitespace-nowrap text-slate-700 max-md:text-xs', PHONE_ONLY)}>{formatCalendarDate(t.date)}</Td>
      <Td className={cn(CELL, 'tabular text-right whitespace-nowrap')}>
        <span className="font-semibold text-credit">{formatBRL(t.amount)}</span>
        <span className="hidden text-xs font-normal text-slate-600 md:block">{formatCalendarDate(t.date)}</span>
      </Td>
      <Td className={cn(CELL, 'max-md:col-span-2')}>
        <p className="truncate font-medium text-slate-900" title={payer}>
          {payer}
        </p>
        <p className="truncate text-xs text-slate-600">{[t.payerDocument, t.paymentMethod, t.payerName ? t.description : null].filter(Boolean).join(' · ')}</p>
      </Td>
      <Td className={cn(CELL, 'max-md:col-span-2 max-md:border-l-2 max-md:border-slate-200 max-md:pl-2')}>
        <Proposal row={row} />
      </Td>
      <Td className={cn(CELL, 'max-md:col-span-2')}>
        <span className="flex items-center justify-between gap-2">
          <span className="tabular inline-flex items-center gap-1.5" title={`Score ${formatScore(row.score)} de 100`}>
            <span className="sr-only">Score</span>
            <ScoreMeter score={row.score} status={row.status} />
          </span>
          <Badge tone={STATUS_TONE[row.status]} className="whitespace-nowrap">{STATUS_LABEL[row.status]}</Badge>
        </span>
      </Td>
      <Td className={cn(CELL, 'text-right max-md:col-span-2 max-md:pt-1 md:px-2')}>
        <span className="inline-flex justify-end gap-1 max-md:w-full max-md:flex-wrap max-md:justify-start">
          {can.confirm && vars && (
            <Button size="sm" onClick={onConfirm} disabled={confirming} aria-keyshortcuts="Enter c">
              <Check className="h-4 w-4" aria-hidden /> Confirmar
            </Button>
          )}
          {can.reject && row.customer && (
            <Button size="sm" variant="secondary" onClick={onReject} aria-keyshortcuts="r" title="Rejeitar (r)" className={ICON_ON_DESKTOP}>
              <X className="h-4 w-4" aria-hidden /> <span className="md:sr-only">Rejeitar</span>
            </Button>
          )}
          {can.link && !row.customer && t.payerDocument && (
            <Button size="sm" variant="secondary" onClick={onLink} title="Vincular pagador a um cliente" className="max-md:order-first">
              <Link2 className="h-4 w-4" aria-hidden /> Vincular <span className="md:sr-only">pagador</span>
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={onDetails} aria-keyshortcuts="d Space" title="Detalhes (d)" className={ICON_ON_DESKTOP}>
            <Info className="h-4 w-4" aria-hidden /> <span className="md:sr-only">Detalhes</span>
          </Button>
        </span>
      </Td>
    </tr>
  );
}

function ScoreMeter({ score, status }: { score: number; status: ReconRowDto['status'] }) {
  const fill = status === 'auto' ? 'bg-emerald-600' : status === 'suggested' ? 'bg-amber-500' : 'bg-slate-400';
  return (
    <>
      <span aria-hidden className="h-1.5 w-10 overflow-hidden rounded-full bg-slate-200 md:w-6">
        <span className={cn('block h-full rounded-full', fill)} style={{ width: `${Math.max(4, Math.min(100, score))}%` }} />
      </span>
      <span className="w-8 text-right text-sm font-semibold text-slate-800">{formatScore(score)}</span>
    </>
  );
}

function ConfirmedTable({
  groups,
  active,
  onActive,
  canUndo,
  onUndo,
  undoing,
}: {
  groups: ConfirmedGroup[];
  active: number;
  onActive: (i: number) => void;
  canUndo: boolean;
  onUndo: (g: ConfirmedGroup) => void;
  undoing?: string;
}) {
  return (
    <Table aria-label="Créditos conciliados" className="max-md:block md:table-fixed" wrapperClassName="max-md:max-h-none max-md:border-0 max-md:bg-transparent">
      <THead className="max-md:hidden">
        <tr>
          <Th className={cn('w-28', PHONE_ONLY)}>Data</Th>
          <Th className="w-32 text-right">Crédito</Th>
          <Th className="w-[24%]">Pagador</Th>
          <Th>Recebível baixado</Th>
          <Th className="w-52">Situação</Th>
          <Th className="w-32 text-right">
            <span className="sr-only">Ações</span>
          </Th>
        </tr>
      </THead>
      <TBody className="max-md:block max-md:space-y-2 max-md:divide-y-0">
        {groups.map((g, i) => {
          const first = g.records[0]!;
          return (
            <tr
              key={g.transaction.id}
              tabIndex={-1}
              data-row-index={i}
              data-testid="recon-confirmed-row"
              data-transaction-id={g.transaction.id}
              data-active={i === active || undefined}
              aria-current={i === active ? 'true' : undefined}
              onFocus={(e) => e.target === e.currentTarget && onActive(i)}
              onClick={() => onActive(i)}
              className={cn(ROW, 'hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-700', i === active && ROW_ACTIVE)}
            >
              <Td className={cn(CELL, 'tabular whitespace-nowrap text-slate-700 max-md:text-xs', PHONE_ONLY)}>{formatCalendarDate(g.transaction.date)}</Td>
              <Td className={cn(CELL, 'tabular text-right whitespace-nowrap')}>
                <span className="font-semibold text-credit">{formatBRL(g.transaction.amount)}</span>
                <span className="hidden text-xs text-slate-600 md:block">{formatCalendarDate(g.transaction.date)}</span>
              </Td>
              <Td className={cn(CELL, 'max-md:col-span-2')}>
                <p className="truncate font-medium text-slate-900">{g.transaction.payerName ?? g.transaction.description}</p>
                {g.transaction.payerName && <p className="truncate text-xs text-slate-600">{g.transaction.description}</p>}
              </Td>
              <Td className={cn(CELL, 'max-md:col-span-2')}>
                <ul className="text-xs text-slate-700">
                  {g.records.map((r) => (
                    <li key={r.id}>
                      Lançamento nº <span className="tabular">{r.advboxTransactionId}</span> · <span className="tabular font-medium text-slate-900">{formatBRL(r.amount)}</span> · pago em{' '}
                      <span className="tabular">{formatCalendarDate(r.datePaid)}</span>
                      {!r.markedPaidInAdvbox && <span className="text-amber-800"> · baixa no Advbox pendente</span>}
                    </li>
                  ))}
                </ul>
              </Td>
              <Td className={cn(CELL, 'max-md:col-span-2')}>
                <span className="flex items-center gap-2 text-xs whitespace-nowrap text-slate-700">
                  <Badge tone={STATUS_TONE.confirmed} className="whitespace-nowrap">
                    {STATUS_LABEL.confirmed}
                  </Badge>
                  <span className="truncate" title={formatDateTime(first.confirmedAt)}>
                    {formatDateTime(first.confirmedAt)} · {first.source === 'AUTO' ? 'automático' : 'manual'}
                  </span>
                </span>
              </Td>
              <Td className={cn(CELL, 'text-right max-md:col-span-2')}>
                {canUndo && (
                  <Button size="sm" variant="secondary" onClick={() => onUndo(g)} disabled={undoing === g.transaction.id} aria-keyshortcuts="u">
                    <RotateCcw className="h-4 w-4" aria-hidden /> Desfazer
                  </Button>
                )}
              </Td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
