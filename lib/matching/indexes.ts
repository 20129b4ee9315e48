// Lookup structures built once per run, so a transaction meets only the
// clients that share something with it (a document, a pair of name words, a
// contact, an amount) — never every client.
import type { PreparedName } from './name-similarity';
import { onlyDigits } from '@/lib/documents';
import { maskedMiddle } from './normalize';
import type { PreparedCustomer, PreparedReceivable } from './prepare';

/** Name pairs shared by more clients than this say nothing (a 1M-client "MARIA|SILVA"); skipped. */
const MAX_NAME_POSTING = 400;

export interface Indexes {
  byDocument: Map<string, number[]>;
  /** First 8 digits of a CNPJ (the company; the rest is the branch). */
  byCnpjRoot: Map<string, number[]>;
  /**
   * The visible digits of clients' documents, and of mapped payer
   * documents, → clients: built on first use, since most statements carry
   * no masked document at all.
   */
  masked(): MaskedIndexes;
  byEmail: Map<string, number[]>;
  byPhone: Map<string, number[]>;
  /** Payer document (digits) → clients the firm linked it to. */
  byMapping: Map<string, number[]>;
  /** Unordered pairs of full name words (by letter set, see namePairKeys) → clients. */
  byNamePair: Map<number, number[]>;
  /** Every open receivable, by its index. */
  receivables: readonly PreparedReceivable[];
  /** Per client, its open receivables by due date. */
  receivablesOf: PreparedReceivable[][];
  /** Distinct open-receivable amounts, ascending, and per amount its receivables by due day. */
  amounts: Float64Array;
  byAmount: PreparedReceivable[][];
  /** Runs of two or three consecutive open receivables of one client, by their sum then first due day. */
  splits: SplitRun[];
}

export interface MaskedIndexes {
  byMiddle: Map<string, number[]>;
  byMapping: Map<string, number[]>;
}

export interface SplitRun {
  cents: number;
  first: PreparedReceivable;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

// A word's letters, sorted, as a small integer: a word and its transposed-
// letter typo ("SOUZA"/"SOUAZ") get the same one. Shared by every run.
const letterKeys = new Map<string, number>();
const letterIds = new Map<string, number>();
function letterKey(word: string): number {
  let k = letterKeys.get(word);
  if (k === undefined) {
    // A long-lived worker sees ever more words: start afresh rather than grow without bound.
    if (letterKeys.size > 1_000_000) letterKeys.clear();
    const sorted = [...word].sort().join('');
    k = letterIds.get(sorted);
    if (k === undefined) {
      k = letterIds.size;
      letterIds.set(sorted, k);
    }
    letterKeys.set(word, k);
  }
  return k;
}

/** Unordered pairs of a name's full words, as numbers (initials and a cut last word are left out by the caller). */
export function namePairKeys(words: readonly string[]): number[] {
  const keys: number[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = letterKey(words[i]!);
      const b = letterKey(words[j]!);
      keys.push(a < b ? a * 2_097_152 + b : b * 2_097_152 + a);
    }
  }
  return keys;
}

function fullWords(name: PreparedName): string[] {
  return name.tokens.filter((w) => w.length > 1);
}

export function buildIndexes(
  customers: readonly PreparedCustomer[],
  receivables: readonly PreparedReceivable[],
  mappings: readonly { payerDocument: string; customer: number }[],
  split: { maxReceivables: number; spanDays: number },
): Indexes {
  let masked: MaskedIndexes | null = null;
  const mapped: { digits: string; customer: number }[] = [];
  const ix: Indexes = {
    byDocument: new Map(),
    byCnpjRoot: new Map(),
    masked: () => (masked ??= maskedIndexes(customers, mapped)),
    byEmail: new Map(),
    byPhone: new Map(),
    byMapping: new Map(),
    byNamePair: new Map(),
    receivables,
    receivablesOf: customers.map(() => []),
    amounts: new Float64Array(0),
    byAmount: [],
    splits: [],
  };
  for (const c of customers) {
    if (c.document) {
      push(ix.byDocument, c.document.digits, c.index);
      if (c.document.type === 'CNPJ') push(ix.byCnpjRoot, c.document.digits.slice(0, 8), c.index);
    }
    if (c.email) push(ix.byEmail, c.email, c.index);
    if (c.phone) push(ix.byPhone, c.phone, c.index);
    for (const k of new Set(namePairKeys(fullWords(c.name)))) push(ix.byNamePair, k, c.index);
  }
  for (const m of mappings) {
    const digits = onlyDigits(m.payerDocument);
    if (digits.length === 11 || digits.length === 14) {
      push(ix.byMapping, digits, m.customer);
      mapped.push({ digits, customer: m.customer });
    }
  }
  for (const list of ix.byMapping.values()) list.sort((a, b) => a - b);
  for (const r of receivables) ix.receivablesOf[r.customer]!.push(r);
  for (const list of ix.receivablesOf) list.sort((a, b) => a.dueDay - b.dueDay || a.index - b.index);
  const sorted = [...receivables].sort((a, b) => a.cents - b.cents || a.dueDay - b.dueDay || a.index - b.index);
  const amounts: number[] = [];
  for (const r of sorted) {
    if (amounts.length === 0 || amounts[amounts.length - 1] !== r.cents) {
      amounts.push(r.cents);
      ix.byAmount.push([]);
    }
    ix.byAmount[ix.byAmount.length - 1]!.push(r);
  }
  ix.amounts = Float64Array.from(amounts);
  for (const list of ix.receivablesOf) {
    for (let i = 0; i + 1 < list.length; i++) {
      let sum = list[i]!.cents;
      for (let k = 1; k < split.maxReceivables && i + k < list.length; k++) {
        if (list[i + k]!.dueDay - list[i]!.dueDay > split.spanDays) break;
        sum += list[i + k]!.cents;
        ix.splits.push({ cents: sum, first: list[i]! });
      }
    }
  }
  ix.splits.sort((a, b) => a.cents - b.cents || a.first.dueDay - b.first.dueDay || a.first.index - b.first.index);
  return ix;
}

function maskedIndexes(customers: readonly PreparedCustomer[], mapped: readonly { digits: string; customer: number }[]): MaskedIndexes {
  const out: MaskedIndexes = { byMiddle: new Map(), byMapping: new Map() };
  for (const c of customers) if (c.document) push(out.byMiddle, maskedMiddle(c.document.digits), c.index);
  for (const m of mapped) push(out.byMapping, maskedMiddle(m.digits), m.customer);
  for (const list of out.byMapping.values()) list.sort((a, b) => a - b);
  return out;
}

/** Clients sharing at least one pair of full words with any of the payer's names (may repeat). */
export function nameCandidates(ix: Indexes, names: readonly PreparedName[]): number[] {
  const into: number[] = [];
  for (const name of names) {
    let words = fullWords(name);
    // A last word the bank may have cut is no key of its own.
    if (name.foldedLength >= 18 && words.length > 2) words = words.slice(0, -1);
    let smallest: number[] | null = null;
    let found = false;
    for (const k of namePairKeys(words)) {
      const list = ix.byNamePair.get(k);
      if (!list) continue;
      if (list.length > MAX_NAME_POSTING) {
        if (!smallest || list.length < smallest.length) smallest = list;
        continue;
      }
      found = true;
      for (const c of list) into.push(c);
    }
    if (!found && smallest) for (const c of smallest) into.push(c);
  }
  return into;
}

function lowerBound(values: ArrayLike<number>, key: number, count: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first split run summing to `cents` (runs are sorted by sum); check `.cents` before use. */
export function firstSplit(ix: Indexes, cents: number): number {
  let lo = 0;
  let hi = ix.splits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ix.splits[mid]!.cents < cents) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first distinct amount ≥ `cents` (ix.amounts, ascending). */
export function firstAmount(ix: Indexes, cents: number): number {
  return lowerBound(ix.amounts, cents, ix.amounts.length);
}

/** Index in `bucket` (by due day) of the first receivable due on or after `day`. */
export function firstDue(bucket: readonly PreparedReceivable[], day: number): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bucket[mid]!.dueDay < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
