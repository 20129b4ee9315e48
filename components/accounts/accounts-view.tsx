'use client';
import { Pencil, RefreshCw, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ConnectBankButton } from '@/components/accounts/connect/connect-bank';
import { itemStatus } from '@/components/accounts/item-status';
import { SyncStatusPanel } from '@/components/accounts/sync-status';
import { StatementImportPanel } from '@/components/statements/import-panel';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatBRL, formatDateTime } from '@/lib/format';
import type { AccountDto } from '@/lib/hooks/types';
import { useAccounts, useRenameAccount } from '@/lib/hooks/use-accounts';
import { useDeleteItem, useItems, useRefreshItem, type PluggyItemDto } from '@/lib/hooks/use-extra';

type Can = { connect: boolean; rename: boolean; refresh: boolean; remove: boolean; importStatement: boolean; sync: boolean };

const TYPE_LABEL: Record<string, string> = { BANK: 'Conta bancária', CREDIT: 'Cartão de crédito', INVESTMENT: 'Investimento', LOAN: 'Empréstimo' };

export function AccountsView({ can }: { can: Can }) {
  const items = useItems();
  const accounts = useAccounts();
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Contas</h1>
          <p className="text-sm text-slate-600">Conexões bancárias (Pluggy) e as contas e cartões de cada uma.</p>
        </div>
        {/* The empty state carries the call to action itself: one button at a time. */}
        {can.connect && items.data && items.data.items.length > 0 && <ConnectBankButton />}
      </div>
      <section aria-labelledby="conexoes" className="flex flex-col gap-3">
        <h2 id="conexoes" className="text-lg font-semibold">Conexões bancárias</h2>
        {items.data && items.data.items.length > 0 && <SyncStatusPanel canSync={can.sync} />}
        {items.isPending ? (
          <Skeleton className="h-24" />
        ) : items.isError ? (
          <ErrorState message={items.error.message} onRetry={() => items.refetch()} />
        ) : items.data.items.length === 0 ? (
          <EmptyState
            title="Nenhum banco conectado."
            hint={
              can.connect
                ? 'Conecte a conta do escritório pelo Pluggy: as transações chegam sozinhas e entram na conciliação.'
                : 'Peça a um administrador do escritório para conectar o banco em Contas.'
            }
            action={can.connect ? <ConnectBankButton /> : undefined}
          />
        ) : (
          items.data.items.map((i) => <ItemCard key={i.id} item={i} can={can} />)
        )}
      </section>
      <section aria-labelledby="contas" className="flex flex-col gap-3">
        <h2 id="contas" className="text-lg font-semibold">Contas e cartões</h2>
        {accounts.isPending ? (
          <Skeleton className="h-32" />
        ) : accounts.isError ? (
          <ErrorState message={accounts.error.message} onRetry={() => accounts.refetch()} />
        ) : accounts.data.accounts.length === 0 ? (
          <EmptyState title="Nenhuma conta ainda." hint="As contas aparecem depois da primeira sincronização de um banco conectado." />
        ) : (
          <div className="grid gap-3 md:grid-cols-2">
            {accounts.data.accounts.map((a) => (
              <AccountCard key={a.id} account={a} canRename={can.rename} />
            ))}
          </div>
        )}
      </section>
      <StatementImportPanel canImport={can.importStatement} />
    </div>
  );
}

function ItemCard({ item, can }: { item: PluggyItemDto; can: Can }) {
  const s = itemStatus(item);
  const refresh = useRefreshItem();
  const remove = useDeleteItem();
  const { show } = useToast();
  return (
    <Card className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between" >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {item.connectorName ?? 'Banco'} <Badge tone={s.tone}>{s.label}</Badge>
        </p>
        <p className="text-sm text-slate-600">
          {item.accountCount} {item.accountCount === 1 ? 'conta' : 'contas'}
          {item.lastSyncedAt ? ` · sincronizado em ${formatDateTime(item.lastSyncedAt)}` : ' · ainda não sincronizado'}
        </p>
        {s.tone !== 'success' && <p className="mt-1 text-sm text-slate-800">{s.action}</p>}
      </div>
      <div className="flex flex-wrap gap-2">
        {can.connect && s.reconnect && (
          <ConnectBankButton itemId={item.id} label={s.reconnect} variant="primary" size="sm" accessibleName={`${s.reconnect}: ${item.connectorName ?? 'banco'}`} />
        )}
        {can.refresh && (
          <Button
            variant="secondary"
            size="sm"
            disabled={refresh.isPending}
            onClick={() =>
              refresh.mutate(item.id, {
                onSuccess: () => show({ title: 'Atualização solicitada ao banco.', tone: 'success' }),
                onError: (e) => show({ title: 'Não foi possível atualizar.', description: e.message, tone: 'error' }),
              })
            }
          >
            <RefreshCw className={cn('h-4 w-4', refresh.isPending && 'animate-spin')} aria-hidden /> Atualizar
          </Button>
        )}
        {can.remove && (
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="ghost" size="sm" className="text-red-700">
                <Trash2 className="h-4 w-4" aria-hidden /> Remover
              </Button>
            </DialogTrigger>
            <DialogContent title={`Remover ${item.connectorName ?? 'o banco'}?`} description="As contas deixam de ser sincronizadas e somem das listas. O histórico já conciliado é mantido.">
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancelar</Button>
                </DialogClose>
                <Button
                  variant="danger"
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(item.id, {
                      onSuccess: () => show({ title: 'Banco removido.', tone: 'success' }),
                      onError: (e) => show({ title: 'Não foi possível remover.', description: e.message, tone: 'error' }),
                    })
                  }
                >
                  Remover banco
                </Button>
              </div>
            </DialogContent>
          </Dialog>
        )}
      </div>
    </Card>
  );
}

function AccountCard({ account: a, canRename }: { account: AccountDto; canRename: boolean }) {
  const rename = useRenameAccount();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { show } = useToast();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('displayName') ?? '').trim();
    if (name.length > 80) return setError('Use no máximo 80 caracteres.');
    rename.mutate(
      { id: a.id, displayName: name || null },
      {
        onSuccess: () => {
          setOpen(false);
          show({ title: 'Conta renomeada.', tone: 'success' });
        },
        onError: (err) => setError(err.message),
      },
    );
  }
  const negative = a.balance?.startsWith('-');
  return (
    <Card>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium">{a.displayName ?? a.name}</p>
          <p className="text-xs text-slate-600">
            {[a.bank, TYPE_LABEL[a.type] ?? a.type, a.number && `nº ${a.number}`].filter(Boolean).join(' · ')}
            {a.displayName && ` · ${a.name}`}
          </p>
        </div>
        {canRename && (
          <Dialog open={open} onOpenChange={(o) => { setOpen(o); setError(null); }}>
            <DialogTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={`Renomear ${a.displayName ?? a.name}`}>
                <Pencil className="h-4 w-4" aria-hidden />
              </Button>
            </DialogTrigger>
            <DialogContent title="Renomear conta" description="O nome aparece nas transações e no Painel. Deixe em branco para usar o nome do banco.">
              <form onSubmit={submit} className="flex flex-col gap-4">
                <Field id={`rename-${a.id}`} label="Nome da conta" error={error}>
                  <Input id={`rename-${a.id}`} name="displayName" defaultValue={a.displayName ?? ''} placeholder={a.name} aria-invalid={Boolean(error)} />
                </Field>
                <div className="flex justify-end gap-2">
                  <DialogClose asChild>
                    <Button variant="secondary">Cancelar</Button>
                  </DialogClose>
                  <Button type="submit" disabled={rename.isPending}>Salvar</Button>
                </div>
              </form>
            </DialogContent>
          </Dialog>
        )}
      </div>
      <p className={cn('tabular mt-3 text-xl font-semibold', negative ? 'text-debit' : 'text-slate-900')}>{a.balance == null ? 'Saldo indisponível' : formatBRL(a.balance)}</p>
      <p className="text-xs text-slate-600">{a.lastSyncedAt ? `Atualizado em ${formatDateTime(a.lastSyncedAt)}` : 'Ainda não sincronizada'}</p>
    </Card>
  );
}
