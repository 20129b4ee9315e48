'use client';
// Why a credit got its proposal: each criterion side by side (points of its
// maximum, whether it matched, the engine's pt-BR message) and the
// alternatives, each confirmable instead.
import { Check, Link2, X } from 'lucide-react';
import { CRITERION_LABEL, STATUS_LABEL, STATUS_TONE, formatScore } from '@/components/reconciliation/labels';
import { Proposal, type ReconPermissions } from '@/components/reconciliation/proposal';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { formatBRL, formatCalendarDate } from '@/lib/format';
import type { ReconRowDto } from '@/lib/hooks/types';
import { confirmable, type ConfirmVars } from '@/lib/hooks/use-reconciliation';

export function DetailsDialog({
  row,
  can,
  onClose,
  onConfirm,
  onReject,
  onLink,
}: {
  row: ReconRowDto;
  can: ReconPermissions;
  onClose: () => void;
  onConfirm: (vars: ConfirmVars, customerName: string) => void;
  onReject: () => void;
  onLink: () => void;
}) {
  const t = row.transaction;
  const vars = confirmable(row);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent wide title="Por que esta proposta" description={`${formatBRL(t.amount)} em ${formatCalendarDate(t.date)} · ${t.payerName ?? t.description}`}>
        <div className="flex flex-col gap-4 text-sm" data-testid="recon-details">
          <section aria-label="Crédito e proposta" className="grid gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 sm:grid-cols-2">
            <div>
              <h3 className="text-xs font-semibold text-slate-600 uppercase">Crédito no banco</h3>
              <p className="tabular mt-1 text-lg font-semibold text-credit">{formatBRL(t.amount)}</p>
              <p className="text-slate-800">{t.payerName ?? 'Pagador não informado'}</p>
              <p className="text-xs text-slate-600">{[t.payerDocument, t.paymentMethod, formatCalendarDate(t.date)].filter(Boolean).join(' · ')}</p>
              <p className="mt-1 text-xs break-words text-slate-600">{t.description}</p>
            </div>
            <div>
              <h3 className="flex items-center gap-2 text-xs font-semibold text-slate-600 uppercase">
                Proposta <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
                <span className="tabular ml-auto text-sm font-semibold text-slate-900 normal-case">score {formatScore(row.score)}/100</span>
              </h3>
              <div className="mt-1">
                <Proposal row={row} />
              </div>
            </div>
          </section>

          <section aria-labelledby="criteria-title">
            <h3 id="criteria-title" className="mb-1.5 font-semibold text-slate-800">
              Critérios
            </h3>
            {row.reasons.length === 0 ? (
              <p className="text-slate-600">Nenhum critério avaliado (sem cliente candidato).</p>
            ) : (
              <table className="w-full border-collapse text-sm" data-testid="criteria">
                <thead className="text-left text-xs text-slate-600 uppercase">
                  <tr>
                    <th scope="col" className="py-1 pr-3">Critério</th>
                    <th scope="col" className="py-1 pr-3 text-right">Pontos</th>
                    <th scope="col" className="py-1 pr-3">Resultado</th>
                    <th scope="col" className="py-1">Explicação</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {row.reasons.map((r) => (
                    <tr key={r.criterion}>
                      <th scope="row" className="py-1.5 pr-3 text-left font-medium whitespace-nowrap">{CRITERION_LABEL[r.criterion]}</th>
                      <td className="tabular py-1.5 pr-3 text-right whitespace-nowrap">
                        <span className="font-semibold">{formatScore(r.points)}</span>
                        <span className="text-slate-600">/{formatScore(r.maxPoints)}</span>
                      </td>
                      <td className="py-1.5 pr-3">{r.matched ? <Badge tone="success">Bate</Badge> : <Badge tone="neutral">Não bate</Badge>}</td>
                      <td className="py-1.5 text-slate-700">{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="alternatives-title">
            <h3 id="alternatives-title" className="mb-1.5 font-semibold text-slate-800">
              Alternativas
            </h3>
            {row.alternatives.length === 0 ? (
              <p className="text-slate-600">Nenhuma outra combinação de cliente e recebível chegou perto.</p>
            ) : (
              <ul className="flex flex-col gap-2" data-testid="alternatives">
                {row.alternatives.map((a) => (
                  <li key={`${a.customer.id}-${a.receivables.map((r) => r.id).join('+')}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-2">
                    <div className="min-w-0">
                      <p className="font-medium">
                        {a.customer.name} <span className="tabular text-xs font-normal text-slate-600">· score {formatScore(a.score)}</span>
                      </p>
                      <ul className="text-xs text-slate-700">
                        {a.receivables.map((r) => (
                          <li key={r.id}>
                            <span className="tabular font-medium">{formatBRL(r.amount)}</span> · venc. <span className="tabular">{formatCalendarDate(r.dueDate)}</span>
                            {r.description && ` · ${r.description}`}
                          </li>
                        ))}
                      </ul>
                    </div>
                    {can.confirm && a.receivables.length > 0 && (
                      <Button size="sm" variant="secondary" onClick={() => onConfirm({ transactionId: t.id, receivableIds: a.receivables.map((r) => r.id) }, a.customer.name)}>
                        <Check className="h-4 w-4" aria-hidden /> Confirmar esta
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {(can.confirm || can.reject || can.link) && (
            <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-3">
              {can.link && t.payerDocument && (
                <Button variant="ghost" onClick={onLink}>
                  <Link2 className="h-4 w-4" aria-hidden /> Vincular pagador
                </Button>
              )}
              {can.reject && row.customer && (
                <Button variant="secondary" onClick={onReject}>
                  <X className="h-4 w-4" aria-hidden /> Rejeitar proposta
                </Button>
              )}
              {can.confirm && vars && row.customer && (
                <Button onClick={() => onConfirm(vars, row.customer!.name)}>
                  <Check className="h-4 w-4" aria-hidden /> Confirmar proposta
                </Button>
              )}
            </div>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
