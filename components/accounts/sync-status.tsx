'use client';
// The bank sync as people see it on the Painel and Contas: a live progress
// bar while a sync runs (the stream's `sync` events), otherwise when the
// banks last synced (and, on the Painel, when Advbox was last read);
// "Sincronizar agora" for whoever may start one.
import { RefreshCw } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useToast } from '@/components/ui/toast';
import { advboxSyncText, bankSyncText } from '@/components/accounts/sync-text';
import { syncPercent } from '@/lib/hooks/sync-status';
import { useStartSync, useSyncStatus } from '@/lib/hooks/use-sync-status';

const STAGE: Record<string, string> = {
  items: 'Consultando os bancos',
  accounts: 'Lendo as contas',
  transactions: 'Baixando as transações',
  finishing: 'Finalizando',
};

export function SyncStatusPanel({ canSync, showAdvbox = false, className }: { canSync: boolean; showAdvbox?: boolean; className?: string }) {
  const status = useSyncStatus();
  const start = useStartSync();
  const { show } = useToast();
  const s = status.data;
  const running = !!s?.running;
  const p = s?.progress;
  // One number for the bar, from the stage and the accounts (lib/hooks/sync-status.ts): it agrees with the text and never goes back.
  const pct = running ? (s?.percent ?? syncPercent(p)) : null;

  return (
    <div className={cn('flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4', className)} data-testid="sync-status">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="font-medium text-slate-900">{running ? 'Sincronizando com os bancos…' : showAdvbox ? 'Sincronização dos bancos e do Advbox' : 'Sincronização bancária'}</p>
          <p className="text-slate-600" aria-live="polite">
            {running
              ? [p?.stage ? (STAGE[p.stage] ?? p.stage) : 'Na fila', p?.total ? `${p.done ?? 0} de ${p.total} contas` : null].filter(Boolean).join(' · ')
              : s?.lastSyncedAt
                ? bankSyncText(s.lastSyncedAt)
                : status.isPending
                  ? 'Carregando…'
                  : 'Nenhuma sincronização concluída ainda.'}
          </p>
          {!running && s?.lastError && <p className="mt-1 text-red-800">A última sincronização falhou: {s.lastError}</p>}
          {showAdvbox && s && (
            <p className="text-slate-600" data-testid="advbox-sync">
              {advboxSyncText(s.advbox)}
            </p>
          )}
        </div>
        {canSync && (
          <Button
            variant="secondary"
            size="sm"
            disabled={running || start.isPending}
            onClick={() =>
              start.mutate(false, {
                onSuccess: (r) => show({ title: r.alreadyRunning ? 'Uma sincronização já está em andamento.' : 'Sincronização iniciada.', tone: 'success' }),
                onError: (e) => show({ title: 'Não foi possível sincronizar.', description: e.message, tone: 'error' }),
              })
            }
          >
            <RefreshCw className={cn('h-4 w-4', running && 'animate-spin')} aria-hidden /> Sincronizar agora
          </Button>
        )}
      </div>
      {running && (
        <div
          role="progressbar"
          aria-label="Progresso da sincronização"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? undefined}
          aria-valuetext={pct === null ? 'Em andamento' : `${pct}%`}
          className="h-2 overflow-hidden rounded-full bg-slate-100"
        >
          {pct === null ? (
            // Queued, no stage yet: a waiting bar, not an amount (a quarter-filled one read as 25 % and then went back).
            <div key="waiting" className="h-full w-full animate-pulse rounded-full bg-brand-700/30" />
          ) : (
            <div key="progress" className="h-full rounded-full bg-brand-700 transition-[width] duration-200" style={{ width: `${Math.max(2, pct)}%` }} />
          )}
        </div>
      )}
    </div>
  );
}
