// Who paid, for imported credits: the engine's own reading of statement
// lines (lib/matching/payer.ts, which also validates any CPF/CNPJ in the
// text through lib/documents), applied to MEMO and NAME. Debits have no payer.
import { payerFromDescription } from '@/lib/matching/payer';
import type { StatementRow } from './types';

export interface RowPayer {
  payerName: string | null;
  payerDocument: string | null;
  payerDocumentType: 'CPF' | 'CNPJ' | null;
}

export function payerOf(row: Pick<StatementRow, 'amountCents' | 'description' | 'name' | 'memo'>): RowPayer {
  if (row.amountCents <= 0) return { payerName: null, payerDocument: null, payerDocumentType: null };
  const fromText = payerFromDescription(row.memo ?? row.description);
  const fromName = row.name ? payerFromDescription(row.name) : null;
  const document = fromText.document ?? fromName?.document ?? null;
  const name = fromText.nonPayment ? null : (fromName?.name ?? fromText.name);
  return { payerName: name ? name.slice(0, 160) : null, payerDocument: document?.digits ?? null, payerDocumentType: document?.type ?? null };
}
