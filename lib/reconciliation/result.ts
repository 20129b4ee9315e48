// Pure: the engine's input built from what the tenant has (credits,
// customers, the receivable snapshot, mappings, rejections), the engine run,
// and the result the API serves (rows + summary), with its filters. No I/O
// here; full.ts loads and caches, the worker and GET route call that.
import { maskDocument } from '@/lib/documents';
import { matchTransactions } from '@/lib/matching/engine';
import { foldText } from '@/lib/matching/normalize';
import type { MatchSettings } from '@/lib/matching/settings';
import type { ClientMapping, MatchCustomer, MatchReason, MatchReceivable, MatchResult, MatchStatus, MatchTransaction, Rejection } from '@/lib/matching/types';
import type { SnapshotReceivable } from './receivables';

/** A bank credit as loaded from pluggy_transactions. */
export interface CreditInput {
  id: string;
  /** YYYY-MM-DD (the bank's calendar day). */
  date: string;
  cents: number;
  description: string;
  payerName: string | null;
  payerDocument: string | null;
  paymentMethod: string | null;
}

export interface CustomerInput {
  id: number;
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
}

export interface ReconInputs {
  credits: CreditInput[];
  customers: CustomerInput[];
  /** Open receivables (confirmed ones already removed). */
  receivables: SnapshotReceivable[];
  mappings: { payerDocument: string; customerId: string }[];
  rejections: { transactionId: string; customerId: string; payerDocument: string | null }[];
  /** Credits already confirmed in the window: the summary counts them. */
  confirmed: { date: string; cents: number }[];
}

// ---- DTOs served by GET /api/reconciliation ------------------------------

export interface ReceivableDto {
  id: string;
  /** Decimal string, e.g. "1500.00". */
  amount: string;
  dueDate: string;
  description: string | null;
}

export interface ReconRowDto {
  transaction: {
    id: string;
    date: string;
    amount: string;
    description: string;
    payerName: string | null;
    /** Masked (***.456.789-**), or null. */
    payerDocument: string | null;
    paymentMethod: string | null;
  };
  status: MatchStatus;
  /** 0–100, two decimals. */
  score: number;
  customer: { id: string; name: string; document: string | null } | null;
  /** Due-date order; empty when the client is known but no receivable fits. */
  receivables: ReceivableDto[];
  reasons: MatchReason[];
  alternatives: { customer: { id: string; name: string }; receivables: ReceivableDto[]; score: number }[];
}

export interface SourcesDto {
  customers: { count: number; complete: boolean; refreshedAt: string | null };
  receivables: { count: number; complete: boolean; fetchedAt: string | null; unlinked: number; error: string | null };
}

/** What the worker stores (one entry per tenant) and every view is cut from. */
export interface FullResult {
  version: 1;
  computedAt: string;
  window: { from: string; to: string };
  sources: SourcesDto;
  rows: ReconRowDto[];
  confirmed: { date: string; cents: number }[];
}

export interface Bucket {
  count: number;
  amount: string;
}

export interface ReconViewDto {
  computedAt: string;
  window: { from: string; to: string };
  sources: SourcesDto;
  summary: {
    total: Bucket;
    auto: Bucket;
    suggested: Bucket;
    unmatched: Bucket;
    confirmed: Bucket;
    /** (confirmed + auto + suggested) / (that + unmatched); 0 when there is nothing. Four decimals. */
    matchRate: number;
  };
  rows: ReconRowDto[];
  page: { total: number; limit: number; offset: number };
}

export interface ViewQuery {
  from?: string;
  to?: string;
  status: 'all' | MatchStatus;
  q?: string;
  limit: number;
  offset: number;
}

export function centsString(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function maskedDoc(digits: string | null): string | null {
  return digits ? maskDocument(digits) : null;
}

/**
 * Links each receivable to a customer: Advbox lists a transaction's customer
 * only by name and CPF/CNPJ. By document first (the same document on two
 * customers: the one with that name, else the lowest id); else by a name
 * exactly one customer has. Receivables neither links are left out (counted
 * as `unlinked`): guessing among homonyms would propose the wrong client.
 */
export function linkReceivables(customers: readonly CustomerInput[], receivables: readonly SnapshotReceivable[]): { linked: MatchReceivable[]; unlinked: number } {
  const byDoc = new Map<string, CustomerInput[]>();
  const byName = new Map<string, CustomerInput[]>();
  for (const c of [...customers].sort((a, b) => a.id - b.id)) {
    if (c.document) byDoc.set(c.document, [...(byDoc.get(c.document) ?? []), c]);
    const n = foldText(c.name);
    byName.set(n, [...(byName.get(n) ?? []), c]);
  }
  const linked: MatchReceivable[] = [];
  let unlinked = 0;
  for (const r of receivables) {
    const name = r.name ? foldText(r.name) : null;
    let customer: CustomerInput | undefined;
    const sameDoc = r.doc ? byDoc.get(r.doc) : undefined;
    if (sameDoc?.length) customer = sameDoc.find((c) => name !== null && foldText(c.name) === name) ?? sameDoc[0];
    else if (name) {
      const sameName = byName.get(name);
      if (sameName?.length === 1) customer = sameName[0];
    }
    if (!customer) {
      unlinked++;
      continue;
    }
    linked.push({ id: String(r.id), customerId: String(customer.id), amountCents: r.cents, dueDate: r.due, description: r.desc });
  }
  return { linked, unlinked };
}

/** Runs the engine over the inputs and shapes the rows (newest credit first). */
export function computeFullResult(
  inputs: ReconInputs,
  settings: MatchSettings,
  meta: { computedAt: string; window: { from: string; to: string }; sources: Omit<SourcesDto, 'receivables'> & { receivables: Omit<SourcesDto['receivables'], 'unlinked' | 'count'> } },
): FullResult {
  const { linked, unlinked } = linkReceivables(inputs.customers, inputs.receivables);
  const transactions: MatchTransaction[] = inputs.credits.map((c) => ({
    id: c.id,
    date: c.date,
    amountCents: c.cents,
    type: 'CREDIT',
    description: c.description,
    payerName: c.payerName,
    payerDocument: c.payerDocument,
    payerEmail: null,
    payerPhone: null,
  }));
  const customers: MatchCustomer[] = inputs.customers.map((c) => ({ id: String(c.id), name: c.name, document: c.document, email: c.email, phone: c.phone }));
  const mappings: ClientMapping[] = inputs.mappings;
  const rejections: Rejection[] = [];
  for (const r of inputs.rejections) {
    rejections.push({ transactionId: r.transactionId, customerId: r.customerId });
    if (r.payerDocument) rejections.push({ payerDocument: r.payerDocument, customerId: r.customerId });
  }
  const { results } = matchTransactions({ transactions, customers, receivables: linked, clientMappings: mappings, rejections }, settings);
  const customerById = new Map(inputs.customers.map((c) => [String(c.id), c]));
  const receivableById = new Map(linked.map((r) => [r.id, r]));
  const creditById = new Map(inputs.credits.map((c) => [c.id, c]));
  const receivable = (id: string): ReceivableDto => {
    const r = receivableById.get(id)!;
    return { id, amount: centsString(r.amountCents), dueDate: r.dueDate, description: r.description };
  };
  const rows = results.map((m: MatchResult): ReconRowDto => {
    const c = creditById.get(m.transactionId)!;
    const cust = m.customerId ? customerById.get(m.customerId) : undefined;
    return {
      transaction: {
        id: c.id,
        date: c.date,
        amount: centsString(c.cents),
        description: c.description,
        payerName: c.payerName,
        payerDocument: maskedDoc(c.payerDocument),
        paymentMethod: c.paymentMethod,
      },
      status: m.status,
      score: Math.round(m.score * 10_000) / 100,
      customer: cust ? { id: String(cust.id), name: cust.name, document: maskedDoc(cust.document) } : null,
      receivables: m.customerId ? m.receivableIds.map(receivable) : [],
      reasons: m.reasons,
      alternatives: m.alternatives.map((a) => ({
        customer: { id: a.customerId, name: customerById.get(a.customerId)?.name ?? '' },
        receivables: a.receivableIds.map(receivable),
        score: Math.round(a.score * 10_000) / 100,
      })),
    };
  });
  rows.sort((a, b) => (a.transaction.date === b.transaction.date ? (a.transaction.id < b.transaction.id ? -1 : 1) : a.transaction.date < b.transaction.date ? 1 : -1));
  return {
    version: 1,
    computedAt: meta.computedAt,
    window: meta.window,
    sources: { customers: meta.sources.customers, receivables: { ...meta.sources.receivables, count: linked.length, unlinked } },
    rows,
    confirmed: inputs.confirmed,
  };
}

function bucket(rows: readonly { cents: number }[]): Bucket {
  let sum = 0;
  for (const r of rows) sum += r.cents;
  return { count: rows.length, amount: centsString(sum) };
}

const toCents = (amount: string) => Math.round(Number(amount) * 100);

function matchesQuery(row: ReconRowDto, q: string): boolean {
  const digits = q.replace(/\D/g, '');
  const hay = foldText(
    [row.transaction.payerName, row.transaction.description, row.customer?.name, row.transaction.amount, ...row.receivables.map((r) => r.description)].filter(Boolean).join(' '),
  );
  if (hay.includes(q)) return true;
  // "1.500,00" and "1500" find R$ 1.500,00.
  return digits.length >= 3 && row.transaction.amount.replace('.', '').startsWith(digits);
}

/** The page GET /api/reconciliation answers: the summary over the date and text filters, rows also by status. */
export function buildView(full: FullResult, query: ViewQuery): ReconViewDto {
  const q = query.q ? foldText(query.q) : '';
  const inRange = (date: string) => (!query.from || date >= query.from) && (!query.to || date <= query.to);
  const rows = full.rows.filter((r) => inRange(r.transaction.date) && (!q || matchesQuery(r, q)));
  const withCents = (status: MatchStatus) => rows.filter((r) => r.status === status).map((r) => ({ cents: toCents(r.transaction.amount) }));
  const auto = withCents('auto');
  const suggested = withCents('suggested');
  const unmatched = withCents('unmatched');
  // Confirmed credits carry no text: with a search they are not counted.
  const confirmed = q ? [] : full.confirmed.filter((c) => inRange(c.date));
  const matched = confirmed.length + auto.length + suggested.length;
  const all = matched + unmatched.length;
  const listed = query.status === 'all' ? rows : rows.filter((r) => r.status === query.status);
  return {
    computedAt: full.computedAt,
    window: full.window,
    sources: full.sources,
    summary: {
      total: bucket([...auto, ...suggested, ...unmatched]),
      auto: bucket(auto),
      suggested: bucket(suggested),
      unmatched: bucket(unmatched),
      confirmed: bucket(confirmed),
      matchRate: all === 0 ? 0 : Math.round((matched / all) * 10_000) / 10_000,
    },
    rows: listed.slice(query.offset, query.offset + query.limit),
    page: { total: listed.length, limit: query.limit, offset: query.offset },
  };
}
