// A row's proposal (client and receivables), shared by the queue and the details dialog.
import { formatBRL, formatCalendarDate } from '@/lib/format';
import type { ReconRowDto } from '@/lib/hooks/types';

/** What the person may do here (from the API's route table, components/permissions.ts). */
export interface ReconPermissions {
  confirm: boolean;
  reject: boolean;
  link: boolean;
  undo: boolean;
  bulk: boolean;
}

export function Proposal({ row }: { row: Pick<ReconRowDto, 'customer' | 'receivables' | 'alternatives'> }) {
  if (!row.customer) {
    return (
      <p className="text-sm text-slate-600">
        Nenhum cliente identificado
        {row.alternatives.length > 0 && <span className="text-xs"> · {row.alternatives.length} alternativa{row.alternatives.length > 1 ? 's' : ''}</span>}
      </p>
    );
  }
  return (
    <div className="min-w-0">
      <p className="truncate font-medium text-slate-900">
        {row.customer.name}
        {row.customer.document && <span className="ml-1.5 text-xs font-normal text-slate-600">{row.customer.document}</span>}
      </p>
      {row.receivables.length === 0 ? (
        <p className="text-xs text-amber-800">Cliente identificado, sem recebível em aberto que bata.</p>
      ) : (
        <ul className="text-xs text-slate-700">
          {row.receivables.map((r) => (
            <li key={r.id} className="truncate" title={[formatBRL(r.amount), formatCalendarDate(r.dueDate), r.description].filter(Boolean).join(' · ')}>
              <span className="tabular font-medium text-slate-900">{formatBRL(r.amount)}</span> · venc. <span className="tabular">{formatCalendarDate(r.dueDate)}</span>
              {r.description && <span className="text-slate-600"> · {r.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

