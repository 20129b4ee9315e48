// The shape every statement parser produces (OFX or CSV), before it meets
// the database: calendar dates, integer cents, the line each row came from.

export type TxType = 'CREDIT' | 'DEBIT';

export interface StatementRow {
  /** 1-based line of the file the row starts on (errors, preview). */
  line: number;
  /** Booking date, "YYYY-MM-DD" in the statement's zone. */
  date: string;
  /** Signed: credits > 0, debits < 0. */
  amountCents: number;
  type: TxType;
  /** What the listing shows: MEMO and NAME joined (OFX), the description column (CSV). */
  description: string;
  fitid: string | null;
  checkNumber: string | null;
  /** OFX NAME (payee / payer as the bank named it). */
  name: string | null;
  memo: string | null;
  /** Running balance after the row, when the file has one (CSV). */
  balanceCents: number | null;
}

export interface StatementAccount {
  bankId: string | null;
  branchId: string | null;
  accountId: string | null;
  accountType: string | null;
}

export interface ParsedStatement {
  format: 'ofx' | 'csv';
  encoding: string;
  currency: string;
  account: StatementAccount;
  /** Period the bank says the file covers (OFX DTSTART/DTEND), else the rows' own. */
  periodStart: string | null;
  periodEnd: string | null;
  ledgerBalanceCents: number | null;
  rows: StatementRow[];
  /** Things worth telling that do not stop the import (duplicates dropped, …). */
  warnings: string[];
}
