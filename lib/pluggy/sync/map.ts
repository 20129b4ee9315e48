// Pluggy's Transaction → the columns we store. Pure: the sync job and the
// webhook processor both go through it, so a row looks the same whichever
// path brought it. Only upstream fields appear here; the firm's own
// (ignored, notes) are never written by a sync.
import type { Transaction } from 'pluggy-sdk';
import { onlyDigits } from '@/lib/documents';
import { amountCents, bookingDate, centsToDecimalString } from '@/lib/pluggy/client/amounts';

export interface TransactionRow {
  pluggyTransactionId: string;
  /** YYYY-MM-DD, the UTC calendar day Pluggy sends (stored as that day's UTC midnight). */
  date: string;
  description: string;
  descriptionRaw: string | null;
  type: 'CREDIT' | 'DEBIT';
  /** Decimal string, as Pluggy signs it. */
  amount: string;
  currencyCode: string;
  balance: string | null;
  status: string;
  category: string | null;
  categoryId: string | null;
  providerCode: string | null;
  operationType: string | null;
  paymentMethod: string | null;
  payerName: string | null;
  payerDocument: string | null;
  payerDocumentType: string | null;
  receiverName: string | null;
  referenceNumber: string | null;
  paymentReason: string | null;
}

const cut = (v: string | null | undefined, max: number): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s ? s.slice(0, max) : null;
};

function payerDocument(doc: { type?: string; value?: string } | undefined): { document: string | null; type: string | null } {
  const digits = doc?.value ? onlyDigits(doc.value) : '';
  if (digits.length === 11) return { document: digits, type: 'CPF' };
  if (digits.length === 14) return { document: digits, type: 'CNPJ' };
  // Anything else (masked, truncated) says nothing we could match on.
  return { document: null, type: null };
}

export function toTransactionRow(tx: Transaction): TransactionRow {
  const pd = tx.paymentData;
  const doc = payerDocument(pd?.payer?.documentNumber as { type?: string; value?: string } | undefined);
  const method = cut(pd?.paymentMethod ?? null, 20);
  return {
    pluggyTransactionId: tx.id,
    date: bookingDate(tx.date),
    description: (tx.description ?? '').trim() || (tx.descriptionRaw ?? '').trim() || '—',
    descriptionRaw: tx.descriptionRaw ?? null,
    type: tx.type === 'DEBIT' ? 'DEBIT' : 'CREDIT',
    amount: centsToDecimalString(amountCents(tx.amount)),
    currencyCode: (tx.currencyCode || 'BRL').slice(0, 3),
    balance: typeof tx.balance === 'number' && Number.isFinite(tx.balance) ? centsToDecimalString(amountCents(tx.balance)) : null,
    status: cut(tx.status ?? 'POSTED', 16) ?? 'POSTED',
    category: cut(tx.category, 120),
    categoryId: cut(tx.categoryId, 16),
    providerCode: cut(tx.providerCode ?? null, 120),
    operationType: cut(tx.operationType, 40),
    paymentMethod: method,
    payerName: cut(pd?.payer?.name ?? null, 160),
    payerDocument: doc.document,
    payerDocumentType: doc.type,
    receiverName: cut(pd?.receiver?.name ?? null, 160),
    referenceNumber: cut(pd?.referenceNumber ?? null, 120),
    paymentReason: pd?.reason ? String(pd.reason) : null,
  };
}
