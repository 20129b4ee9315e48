'use client';
// Cobranças: the open Advbox receivables to chase (overdue / due today / due
// in the next 7 days) with a pt-BR reminder per row and the hand-off to the
// person's own WhatsApp or e-mail. Filters live in the URL.
import { Copy, Mail, MessageCircle, Search } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useToast } from '@/components/ui/toast';
import { billingSearchString, parseBillingSearch } from '@/lib/billing/query';
import type { BillingRowDto, BucketFilter } from '@/lib/billing/reminders';
import { formatBRL, formatCalendarDate, formatDateTime } from '@/lib/format';
import { ApiClientError } from '@/lib/hooks/fetcher';
import { useReceivables, type BillingQuery, type BillingViewDto } from '@/lib/hooks/use-receivables';

const TABS: { value: Exclude<BucketFilter, 'all'>; label: string; short: string; empty: string }[] = [
  { value: 'overdue', label: 'Vencidas', short: 'Vencidas', empty: 'Nenhuma cobrança vencida.' },
  { value: 'today', label: 'Vencem hoje', short: 'Hoje', empty: 'Nada vence hoje.' },
  { value: 'soon', label: 'Próximos 7 dias', short: '7 dias', empty: 'Nada vence nos próximos 7 dias.' },
];

export function BillingView() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo(() => parseBillingSearch(new URLSearchParams(search.toString())), [search]);
  const data = useReceivables(params);

  function go(next: BillingQuery) {
    const qs = billingSearchString(next);
    router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }
  function onSearch(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get('q') ?? '').trim();
    go({ ...params, q: q || undefined, offset: 0 });
  }

  const view = data.data;
  const noAdvbox = data.error instanceof ApiClientError && data.error.status === 409;
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Cobranças</h1>
          <p className="text-sm text-slate-600">
            Recebíveis em aberto no Advbox, com a mensagem de lembrete pronta para enviar.
            {view?.fetchedAt && <> Dados do Advbox de {formatDateTime(view.fetchedAt)}.</>}
          </p>
        </div>
        <form role="search" onSubmit={onSearch} className="flex shrink-0 gap-2">
          <label htmlFor="billing-q" className="sr-only">
            Buscar cliente, descrição ou valor
          </label>
          <Input id="billing-q" name="q" key={params.q ?? ''} defaultValue={params.q ?? ''} placeholder="Cliente, descrição ou valor" className="sm:w-72" />
          <Button type="submit" variant="secondary" aria-label="Buscar">
            <Search className="h-4 w-4" aria-hidden />
          </Button>
        </form>
      </div>

      {noAdvbox ? (
        <EmptyState
          title="Conecte o Advbox para ver as cobranças."
          hint={data.error?.message}
          action={
            <Button asChild variant="secondary" size="sm">
              <Link href="/configuracoes">Abrir Configurações</Link>
            </Button>
          }
        />
      ) : (
        <Tabs value={params.bucket === 'all' ? 'overdue' : params.bucket} onValueChange={(v) => go({ ...params, bucket: v as BucketFilter, offset: 0 })}>
          <TabsList aria-label="Situação do vencimento" className="gap-0 sm:gap-1">
            {TABS.map((t) => (
              <TabsTrigger key={t.value} value={t.value} className="flex flex-1 flex-col items-start px-2 sm:flex-none sm:px-4">
                <span>
                  {/* Three tabs side by side on a phone: the short label there. */}
                  <span className="sm:hidden">{t.short}</span>
                  <span className="hidden sm:inline">{t.label}</span> {view && <span className="tabular">({view.summary[t.value].count})</span>}
                </span>
                <span className={cn('tabular text-xs font-normal', t.value === 'overdue' ? 'text-debit' : 'text-slate-600')}>
                  {view ? formatBRL(view.summary[t.value].amount) : <Skeleton className="h-3 w-16" />}
                </span>
              </TabsTrigger>
            ))}
          </TabsList>
          {TABS.map((t) => (
            <TabsContent key={t.value} value={t.value}>
              {data.isPending ? (
                <div className="flex flex-col gap-2" aria-busy>
                  <span className="sr-only">Carregando cobranças…</span>
                  {Array.from({ length: 6 }, (_, i) => (
                    <Skeleton key={i} className="h-12" />
                  ))}
                </div>
              ) : data.isError ? (
                <ErrorState message={data.error.message} onRetry={() => data.refetch()} />
              ) : (
                <BillingTable view={data.data} emptyTitle={params.q ? 'Nenhuma cobrança encontrada para a busca.' : t.empty} stale={data.isPlaceholderData} onPage={(offset) => go({ ...params, offset })} />
              )}
            </TabsContent>
          ))}
        </Tabs>
      )}
    </div>
  );
}

function BillingTable({ view, emptyTitle, stale, onPage }: { view: BillingViewDto; emptyTitle: string; stale: boolean; onPage: (offset: number) => void }) {
  if (view.rows.length === 0) {
    return <EmptyState title={emptyTitle} hint={view.complete ? undefined : 'A última leitura do Advbox ficou incompleta: algumas cobranças podem faltar.'} />;
  }
  const { total, limit, offset } = view.page;
  return (
    <div className={cn('flex flex-col gap-3', stale && 'opacity-60')}>
      <Table aria-label="Cobranças em aberto">
        <THead>
          <tr>
            <Th>Cliente</Th>
            <Th className="hidden 2xl:table-cell">Descrição</Th>
            <Th className="hidden sm:table-cell">Vencimento</Th>
            <Th className="hidden sm:table-cell text-right">Atraso</Th>
            <Th className="hidden sm:table-cell text-right">Valor</Th>
            <Th className="hidden text-right sm:table-cell">
              <span className="sr-only">Ações</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {view.rows.map((r) => (
            <BillingRow key={r.id} row={r} />
          ))}
        </TBody>
      </Table>
      {total > limit && (
        <nav aria-label="Paginação" className="flex items-center justify-between gap-2 text-sm text-slate-700">
          <span className="tabular">
            {offset + 1}–{Math.min(offset + limit, total)} de {total}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
              Anteriores
            </Button>
            <Button variant="secondary" size="sm" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
              Próximas
            </Button>
          </div>
        </nav>
      )}
    </div>
  );
}

function lateLabel(r: BillingRowDto): string {
  if (r.daysOverdue > 0) return r.daysOverdue === 1 ? '1 dia' : `${r.daysOverdue} dias`;
  return r.bucket === 'today' ? 'Vence hoje' : '—';
}

function BillingRow({ row: r }: { row: BillingRowDto }) {
  const { show } = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(r.reminder.text);
      show({ title: 'Mensagem copiada.', tone: 'success' });
    } catch {
      show({ title: 'Não foi possível copiar.', description: 'Abra "Ver mensagem" e copie o texto manualmente.', tone: 'error' });
    }
  }
  const contacts = [r.customer.phone ? formatPhone(r.customer.phone) : 'sem celular', r.customer.email ?? 'sem e-mail'].join(' · ');
  return (
    <Tr>
      <Td>
        <div className="min-w-44">
          <p className="font-medium text-slate-900">{r.customer.name}</p>
          <p className="text-xs text-slate-600">{[r.customer.document, contacts].filter(Boolean).join(' · ')}</p>
          {/* Phones: the date and amount columns are hidden, so they sit under the name. */}
          <p className="mt-0.5 text-xs text-slate-700 2xl:hidden">{r.description}</p>
          <p className="tabular mt-0.5 text-sm sm:hidden">
            <span className="font-semibold">{formatBRL(r.amount)}</span> · vence {formatCalendarDate(r.dueDate)}
            {r.daysOverdue > 0 && <span className="text-debit"> · {lateLabel(r)} de atraso</span>}
          </p>
          {/* Phones: the actions go under the row's text, full width, instead of a squeezed column. */}
          <div className="mt-2 flex flex-wrap gap-1.5 sm:hidden">
            <RowActions row={r} onCopy={copy} />
          </div>
        </div>
      </Td>
      <Td className="hidden max-w-64 2xl:table-cell">{r.description ?? <span className="text-slate-500">—</span>}</Td>
      <Td className="tabular hidden whitespace-nowrap sm:table-cell">{formatCalendarDate(r.dueDate)}</Td>
      <Td className={cn('tabular hidden text-right whitespace-nowrap sm:table-cell', r.daysOverdue > 0 && 'font-medium text-debit')}>{lateLabel(r)}</Td>
      <Td className="tabular hidden text-right font-medium whitespace-nowrap sm:table-cell">{formatBRL(r.amount)}</Td>
      <Td className="hidden sm:table-cell">
        <div className="flex justify-end gap-1.5">
          <RowActions row={r} onCopy={copy} />
        </div>
      </Td>
    </Tr>
  );
}

function RowActions({ row: r, onCopy }: { row: BillingRowDto; onCopy: () => void }) {
  return (
    <>
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="secondary" size="sm">
                Ver mensagem
              </Button>
            </DialogTrigger>
            <DialogContent title={`Lembrete para ${r.customer.name}`} description={r.reminder.subject}>
              <p className="rounded-md bg-slate-50 p-3 text-sm whitespace-pre-line text-slate-900">{r.reminder.text}</p>
              <div className="mt-4 flex flex-wrap justify-end gap-2">
                <HandOff row={r} onCopy={onCopy} />
              </div>
            </DialogContent>
          </Dialog>
          <HandOff row={r} onCopy={onCopy} compact />
    </>
  );
}

/** Copy, WhatsApp and e-mail; a channel without a contact stays visible, disabled, saying why. */
function HandOff({ row: r, onCopy, compact = false }: { row: BillingRowDto; onCopy: () => void; compact?: boolean }) {
  const who = r.customer.name;
  const label = (text: string): ReactNode => (compact ? <span className="sr-only xl:not-sr-only">{text}</span> : text);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={onCopy} aria-label={compact ? `Copiar mensagem para ${who}` : undefined} title="Copiar mensagem">
        <Copy className="h-4 w-4" aria-hidden /> {compact ? <span className="sr-only">Copiar mensagem</span> : 'Copiar mensagem'}
      </Button>
      {r.reminder.whatsappUrl ? (
        <Button asChild variant="secondary" size="sm">
          <a href={r.reminder.whatsappUrl} target="_blank" rel="noopener noreferrer" aria-label={compact ? `WhatsApp para ${who}` : undefined}>
            <MessageCircle className="h-4 w-4" aria-hidden /> {label('WhatsApp')}
          </a>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled title="Sem celular válido no cadastro do Advbox" aria-label={`WhatsApp indisponível: ${who} não tem celular válido no Advbox`}>
          <MessageCircle className="h-4 w-4" aria-hidden /> {label('WhatsApp')}
        </Button>
      )}
      {r.reminder.mailtoUrl ? (
        <Button asChild variant="secondary" size="sm">
          <a href={r.reminder.mailtoUrl} aria-label={compact ? `E-mail para ${who}` : undefined}>
            <Mail className="h-4 w-4" aria-hidden /> {label('E-mail')}
          </a>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled title="Sem e-mail válido no cadastro do Advbox" aria-label={`E-mail indisponível: ${who} não tem e-mail válido no Advbox`}>
          <Mail className="h-4 w-4" aria-hidden /> {label('E-mail')}
        </Button>
      )}
    </>
  );
}

/** "+5511987654321" → "(11) 98765-4321". */
function formatPhone(e164: string): string {
  const d = e164.replace(/^\+55/, '');
  return d.length === 11 ? `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}` : `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
}
