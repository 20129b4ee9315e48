'use client';
// A bulk confirm's progress and, when the job is done, each item's outcome
// (confirmed, or why it failed), read from GET /api/jobs/[id].
import { X } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { formatBRL } from '@/lib/format';
import type { ReconRowDto } from '@/lib/hooks/types';
import { useBulkConfirmJob } from '@/lib/hooks/use-reconciliation';

export interface BulkRun {
  jobId: string;
  /** The rows as they were when the run started (they leave the queue as they are confirmed). */
  rows: Map<string, ReconRowDto>;
}

export function BulkPanel({ run, onClose }: { run: BulkRun; onClose: () => void }) {
  const job = useBulkConfirmJob(run.jobId);
  const state = job.data?.state;
  const result = job.data?.result ?? null;
  const total = run.rows.size;
  const done = result ? result.total : (job.data?.progress?.done ?? 0);
  const settled = state === 'completed' || state === 'failed' || state === 'cancelled';
  return (
    <section aria-label="Confirmação em lote" className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="bulk-panel">
      <div className="flex items-center justify-between gap-2">
        <p role="status" className="font-medium">
          {job.isError
            ? `Não foi possível acompanhar o lote: ${job.error.message}`
            : result
              ? `Lote concluído: ${result.confirmed} confirmado${result.confirmed === 1 ? '' : 's'}, ${result.failed} com falha.`
              : state === 'failed'
                ? `O lote falhou${job.data?.lastError ? `: ${job.data.lastError}` : '.'}`
                : `Confirmando ${done} de ${total}…`}
        </p>
        {settled || job.isError ? (
          <Button size="icon" variant="ghost" onClick={onClose} aria-label="Fechar resultado do lote">
            <X className="h-4 w-4" aria-hidden />
          </Button>
        ) : null}
      </div>
      {!settled && (
        <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-label="Progresso do lote" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
          <div className="h-full bg-brand-700 transition-[width]" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
        </div>
      )}
      {result && (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="bulk-results">
          {result.items.map((i) => {
            const row = run.rows.get(i.transactionId);
            return (
              <li key={i.transactionId} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                <span className="min-w-0 truncate">
                  <span className="tabular font-medium">{row ? formatBRL(row.transaction.amount) : ''}</span> {row?.transaction.payerName ?? row?.transaction.description}
                  {row?.customer && <span className="text-slate-600"> → {row.customer.name}</span>}
                </span>
                <span className="flex items-center gap-2">
                  {i.status === 'failed' && i.message && <span className="text-xs text-red-800">{i.message}</span>}
                  <Badge tone={i.status === 'confirmed' ? 'success' : 'danger'}>{i.status === 'confirmed' ? 'Confirmado' : 'Falhou'}</Badge>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
