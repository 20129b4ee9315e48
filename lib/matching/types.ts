// The matching engine's inputs and outputs. Pure data: money in integer
// cents, dates as 'YYYY-MM-DD' calendar days, ids as opaque strings.

/** One bank statement line. Debits (type DEBIT or a negative amount) are never matched. */
export interface MatchTransaction {
  id: string;
  /** Booking day, YYYY-MM-DD. */
  date: string;
  /** Signed cents: credits > 0, debits < 0. */
  amountCents: number;
  type: 'CREDIT' | 'DEBIT';
  description: string;
  /** As the bank reports it (paymentData); null when absent. */
  payerName: string | null;
  /** Formatted or bare; may also hold a PIX key (phone, e-mail), which is not a document. */
  payerDocument: string | null;
  payerEmail: string | null;
  payerPhone: string | null;
}

export interface MatchCustomer {
  id: string;
  name: string;
  /** CPF/CNPJ, formatted or bare; null when the firm never filled it in. */
  document: string | null;
  email: string | null;
  phone: string | null;
}

/** An open receivable (Advbox transaction not yet paid). */
export interface MatchReceivable {
  id: string;
  customerId: string;
  /** Positive cents. */
  amountCents: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  description: string | null;
}

/** A payer document the firm linked to a client before (a relative, a company paying for it). */
export interface ClientMapping {
  payerDocument: string;
  customerId: string;
}

/** A pair a person said is wrong: never proposed again. */
export type Rejection =
  | { transactionId: string; customerId: string; payerDocument?: undefined }
  | { payerDocument: string; customerId: string; transactionId?: undefined };

export interface MatchInput {
  transactions: readonly MatchTransaction[];
  customers: readonly MatchCustomer[];
  receivables: readonly MatchReceivable[];
  clientMappings: readonly ClientMapping[];
  rejections: readonly Rejection[];
}

export type Criterion = 'document' | 'name' | 'contact' | 'amount' | 'date';
export const CRITERIA: readonly Criterion[] = ['document', 'name', 'contact', 'amount', 'date'];

/**
 * One line of the explanation, stored as is (ReconciliationRecord.scoreBreakdown)
 * and shown in the dashboard. `maxPoints` is 0 when the criterion could not be
 * evaluated (e.g. the statement carries no payer document): the score is
 * Σ points / Σ maxPoints, so such a criterion neither helps nor hurts.
 */
export interface MatchReason {
  criterion: Criterion;
  points: number;
  maxPoints: number;
  matched: boolean;
  /** pt-BR, documents masked. */
  message: string;
}

export type MatchStatus = 'auto' | 'suggested' | 'unmatched';

export interface MatchAlternative {
  customerId: string;
  receivableId: string | null;
  receivableIds: string[];
  score: number;
}

export interface MatchResult {
  transactionId: string;
  customerId: string | null;
  /** The first of receivableIds, or null. */
  receivableId: string | null;
  /** Due-date order; empty when no receivable fits (or unmatched). */
  receivableIds: string[];
  /** [0, 1], four decimals. */
  score: number;
  status: MatchStatus;
  /** One entry per criterion, in CRITERIA order. */
  reasons: MatchReason[];
  alternatives: MatchAlternative[];
}
