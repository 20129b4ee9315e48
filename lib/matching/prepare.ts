// Inputs turned once into what the scorers compare: day numbers, folded and
// tokenised names, validated documents, contact keys. Everything downstream
// works on these, by array index, in canonical (id) order.
import type { DocumentType } from '@/lib/documents';
import { TokenTable, type PreparedName } from './name-similarity';
import { civilFromDays } from './civil-day';
import { customerDocument, MAY_BE_TRUNCATED_LENGTH, normalizeEmail, normalizePhone, parsePayerKey } from './normalize';
import { instalmentRef, mayNameInstalment, NO_REF, type InstalmentRef } from './instalment';
import { payerFromDescription } from './payer';
import type { MatchCustomer, MatchReceivable, MatchTransaction } from './types';

const DAY_MS = 86_400_000;

/**
 * Statement lines and receivable descriptions repeat (a payer's monthly
 * PIX, Advbox's "… - PARCELA 3/10"): 100,000 lines hold ~37,000 distinct
 * ones, 50,000 receivables ~300. Read each once. Bounded: a long-lived
 * worker starts afresh rather than grow without limit. The values are
 * never mutated, so sharing them is safe.
 */
function memo<V>(read: (text: string) => V): (text: string | null) => V {
  const cache = new Map<string, V>();
  const none = read('');
  return (text) => {
    if (!text) return none;
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= 200_000) cache.clear();
      v = read(text);
      cache.set(text, v);
    }
    return v;
  };
}

const describedPayer = memo(payerFromDescription);
// A payer's document (or PIX key) recurs with each of its credits: its check digits are computed once.
const payerKey = memo(parsePayerKey);
const receivableRef = memo((text) => instalmentRef(text, null, true));

/** Days since 1970-01-01 of a civil date (Hinnant's days_from_civil): no Date object per call. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** 'YYYY-MM-DD' (or an ISO date-time: its UTC day) → days since 1970-01-01. */
export function dayNumber(iso: string): number {
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const digit = (i: number) => iso.charCodeAt(i) - 48;
    const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const m = digit(5) * 10 + digit(6);
    const d = digit(8) * 10 + digit(9);
    if (y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31) return daysFromCivil(y, m, d);
  }
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${iso}`);
  return Math.floor(t / DAY_MS);
}

export interface PreparedCustomer {
  index: number;
  id: string;
  name: PreparedName;
  displayName: string;
  document: { digits: string; type: DocumentType } | null;
  email: string | null;
  phone: string | null;
}

export interface PreparedReceivable {
  index: number;
  id: string;
  customer: number;
  cents: number;
  dueDay: number;
  /** 1–12. */
  dueMonth: number;
  /** The instalment its description names ("PARCELA 3/10", "Honorários março"). */
  ref: InstalmentRef;
  /** `[this]`, shared by every option that pays this receivable alone (never mutated). */
  alone: PreparedReceivable[];
}

export interface PreparedTransaction {
  index: number;
  id: string;
  day: number;
  cents: number;
  debit: boolean;
  /** A valid payer CPF/CNPJ: the payer-document field, else one written in the description. */
  document: { digits: string; type: DocumentType } | null;
  masked: { middle: string; type: DocumentType } | null;
  emails: string[];
  phones: string[];
  /** The payer name from payment data and, when it differs, from the description. */
  names: PreparedName[];
  /** For explanations: the name the bank gave, as shown. */
  shownName: string | null;
  /** No name, document or contact: nothing says who paid. */
  anonymous: boolean;
  /** The description says it is no payment from anyone (yield, refund, own transfer). */
  nonPayment: boolean;
  /** The instalment the description names ("parc 3/10", "março"), if any. */
  ref: InstalmentRef;
}

export function prepareCustomer(c: MatchCustomer, index: number, tokens: TokenTable): PreparedCustomer {
  return {
    index,
    id: c.id,
    name: tokens.prepare(c.name),
    displayName: c.name,
    document: customerDocument(c.document),
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
  };
}

export function prepareReceivable(r: MatchReceivable, index: number, customer: number): PreparedReceivable {
  const dueDay = dayNumber(r.dueDate);
  const p: PreparedReceivable = { index, id: r.id, customer, cents: r.amountCents, dueDay, dueMonth: civilFromDays(dueDay).m, ref: receivableRef(r.description), alone: [] };
  p.alone = [p];
  return p;
}

const NOBODY = { name: null, document: null, nonPayment: false } as const;

export function prepareTransaction(t: MatchTransaction, index: number, tokens: TokenTable): PreparedTransaction {
  const debit = t.type === 'DEBIT' || t.amountCents < 0;
  if (debit) {
    // Never matched: nothing to read.
    return { index, id: t.id, day: dayNumber(t.date), cents: t.amountCents, debit, document: null, masked: null, emails: [], phones: [], names: [], shownName: null, anonymous: true, nonPayment: false, ref: NO_REF };
  }
  const key = payerKey(t.payerDocument);
  const given = t.payerName?.trim() ? t.payerName.trim() : null;
  // The description only adds something when payment data lacks the
  // document or the name, or the name may have been cut shorter than the line.
  const readLine = !given || !key.document || given.length >= MAY_BE_TRUNCATED_LENGTH;
  const described = readLine ? describedPayer(t.description) : NOBODY;
  const emails: string[] = [];
  const phones: string[] = [];
  const email = normalizeEmail(t.payerEmail);
  if (email) emails.push(email);
  if (key.email && key.email !== email) emails.push(key.email);
  const phone = normalizePhone(t.payerPhone);
  if (phone) phones.push(phone);
  if (key.phone && key.phone !== phone) phones.push(key.phone);
  const names: PreparedName[] = [];
  if (given) {
    const p = tokens.prepare(given);
    if (p.tokens.length > 0) names.push(p);
  }
  if (described.name) {
    const p = tokens.prepare(described.name);
    // Usually the same name cut shorter: only a different one is worth comparing too.
    if (p.tokens.length > 0 && !names.some((n) => sameTokens(n, p) || isPrefixOf(p, n))) names.push(p);
  }
  const document = key.document ?? described.document;
  const masked = document ? null : key.masked;
  return {
    index,
    id: t.id,
    day: dayNumber(t.date),
    cents: t.amountCents,
    debit,
    document,
    masked,
    emails,
    phones,
    names,
    shownName: given ?? described.name,
    anonymous: names.length === 0 && !document && !masked && emails.length === 0 && phones.length === 0,
    nonPayment: described.nonPayment,
    ref: mayNameInstalment(t.description) ? instalmentRef(t.description, nameWords(names)) : NO_REF,
  };
}

/** The payer's own words: "MARCO ANTONIO" names a person, not March. */
function nameWords(names: readonly PreparedName[]): ReadonlySet<string> | null {
  if (names.length === 0) return null;
  const words = new Set<string>();
  for (const n of names) for (const w of n.tokens) words.add(w);
  return words;
}

/** `a`'s words are `b`'s first words (the last one possibly cut). */
function isPrefixOf(a: PreparedName, b: PreparedName): boolean {
  if (a.tokens.length > b.tokens.length) return false;
  const last = a.tokens.length - 1;
  for (let i = 0; i < last; i++) if (a.ids[i] !== b.ids[i]) return false;
  return b.tokens[last]!.startsWith(a.tokens[last]!);
}

function sameTokens(a: PreparedName, b: PreparedName): boolean {
  if (a.ids.length !== b.ids.length) return false;
  for (let i = 0; i < a.ids.length; i++) if (a.ids[i] !== b.ids[i]) return false;
  return a.foldedLength === b.foldedLength;
}
