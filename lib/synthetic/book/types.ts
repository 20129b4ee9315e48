// A law firm's "book": its clients as Advbox holds them, their receivables,
// and the credits its bank shows, each credit labelled with the truth (which
// client and receivable(s) it pays, or none). One generator feeds the Pluggy
// sandbox (the credits), the Advbox sandbox (clients, receivables), the
// benchmark seeder and the matching engine's labelled data.
export type PaymentMethod = 'PIX' | 'TED' | 'BOLETO';
export type DocumentType = 'CPF' | 'CNPJ';

/** Someone who pays on a client's behalf, or the client itself. */
export interface BookPayer {
  name: string;
  /** Digits only. */
  document: string;
  documentType: DocumentType;
  relation: 'self' | 'spouse' | 'parent' | 'child' | 'sibling' | 'company' | 'partner';
}

export interface BookCustomer {
  /** Advbox customer id (Advbox issues ~8-digit integers). */
  id: number;
  kind: 'PERSON' | 'COMPANY';
  /** As the firm typed it (Advbox returns it upper-cased). */
  name: string;
  /** Digits only; null when the firm never filled it in. */
  document: string | null;
  email: string | null;
  /** Digits with the country code, e.g. "5511988887777". */
  phone: string | null;
  /** YYYY-MM-DD (Advbox sends DD/MM/YYYY). */
  birthdate: string | null;
  city: string;
  state: string;
  /** YYYY-MM-DD HH:MM:SS, Advbox's created_at format (America/Sao_Paulo, no zone). */
  createdAt: string;
  /** People (and companies) who pay for this client; never includes the client itself. */
  relatives: BookPayer[];
}

export interface BookReceivable {
  /** Advbox transaction id. */
  id: number;
  customerId: number;
  amountCents: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** Upper case, as Advbox stores it. */
  description: string;
  category: string;
  /** Set when the firm already marked it paid in Advbox; null means open. */
  paidDate: string | null;
}

/**
 * What a payment really is. Client payments: `exact`, `fee_withheld`
 * (short by a bank fee), `split` (one credit for 2–3 receivables),
 * `partial` (less than the receivable), `relative` / `relative_mapped`
 * (someone else pays; with or without a client mapping of their document).
 * Non-client credits: `stranger` (a person or company that is not a
 * client, sometimes with a client's very name), `no_payer` (yield,
 * refunds, transfers with no counterparty).
 */
export type PaymentKind =
  | 'exact'
  | 'fee_withheld'
  | 'split'
  | 'partial'
  | 'relative'
  | 'relative_mapped'
  | 'stranger'
  | 'no_payer';

export interface BookPayment {
  /** Stable within the book: "p-000042". */
  id: string;
  /** Booking date, YYYY-MM-DD (UTC calendar day, as Pluggy sends it). */
  date: string;
  /** Positive cents. */
  amountCents: number;
  method: PaymentMethod | null;
  /** The statement line as the bank writes it. */
  description: string;
  payer: {
    /** As the bank reports it (upper case, truncated, abbreviated…); null when absent. */
    name: string | null;
    /** Formatted as banks send it ("123.456.789-09"); null when absent. */
    document: string | null;
    documentType: DocumentType | null;
    email: string | null;
    phone: string | null;
  };
  truth: {
    kind: PaymentKind;
    /** The client this pays for, or null for a non-client credit. */
    customerId: number | null;
    /** The receivable(s) it settles, in due-date order; empty when none. */
    receivableIds: number[];
    /** Which bank-side distortions were applied to the payer name. */
    distortions: string[];
  };
}

/** One of the firm's own outgoing payments (never a client's): a debit on the statement. */
export interface BookDebit {
  /** Stable within the book: "d-000042". */
  id: string;
  date: string;
  /** Negative cents. */
  amountCents: number;
  method: PaymentMethod | null;
  description: string;
  category: string;
}

export interface Book {
  seed: number;
  /** The last day of the data (YYYY-MM-DD). */
  anchorDate: string;
  firm: { name: string; cnpj: string };
  customers: BookCustomer[];
  receivables: BookReceivable[];
  payments: BookPayment[];
  /** Payer document (digits) → client, links the firm made before. */
  clientMappings: { payerDocument: string; customerId: number }[];
  /** The firm's own debits (BookOptions.debitShare; empty by default). */
  debits: BookDebit[];
}
