// matchTransactions(): every bank transaction to its client and
// receivable(s), or to none, with a score, a status and an explanation.
// Pure: no I/O, deterministic, independent of input order.
import { onlyDigits } from '@/lib/documents';
import { assign, type AssignStats } from './assign';
import { candidateOptions, Scratch, type Option, type RejectionIndex } from './candidates';
import { explainNoCandidate, explainOption } from './explain';
import { settlesInFull } from './score-amount';
import { buildIndexes } from './indexes';
import { TokenTable } from './name-similarity';
import { prepareCustomer, prepareReceivable, prepareTransaction, type PreparedReceivable, type PreparedTransaction } from './prepare';
import { resolveSettings, type MatchSettings } from './settings';
import type { MatchAlternative, MatchInput, MatchResult } from './types';

export interface MatchRunStats extends AssignStats {
  transactions: number;
  credits: number;
  /** Options scored over the run (a measure of the candidate generation's reach). */
  options: number;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function uniqueIds(kind: string, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.id)) throw new RangeError(`duplicate ${kind} id: ${it.id}`);
    seen.add(it.id);
  }
}

export function matchTransactions(input: MatchInput, settings: MatchSettings = resolveSettings()): { results: MatchResult[]; stats: MatchRunStats } {
  const run = matchRun(input, settings);
  const results = new Array<MatchResult>(run.count);
  for (let i = 0; i < run.count; i++) results[i] = run.resultAt(i);
  return { results, stats: run.stats };
}

/** A run whose results are built on demand, in any order; the same as matchTransactions() gives. */
export interface MatchRun {
  /** Input transactions, in input order. */
  count: number;
  /** The result for the i-th input transaction. */
  resultAt(i: number): MatchResult;
  /**
   * The i-th input transaction is a debit: its result is the same for
   * every debit but for the id (unmatched, the shared debit explanation,
   * no alternatives), so a writer may serialise it once.
   */
  debitAt(i: number): boolean;
  /** The i-th input transaction's id (resultAt(i).transactionId, without building the result). */
  idAt(i: number): string;
  stats: MatchRunStats;
}

/**
 * The whole decision (candidates, assignment) up front, the results (the
 * explanation, the alternatives) one at a time: a caller that writes each
 * result out and drops it (the evaluation command) never holds 100,000 of
 * them, and the garbage collector never has to copy them.
 */
export function matchRun(input: MatchInput, settings: MatchSettings = resolveSettings()): MatchRun {
  uniqueIds('transaction', input.transactions);
  uniqueIds('customer', input.customers);
  uniqueIds('receivable', input.receivables);
  const s = settings;
  const tokens = new TokenTable();

  // Canonical order: everything by id, so nothing depends on how the caller sorted.
  const customers = [...input.customers].sort(byId).map((c, i) => prepareCustomer(c, i, tokens));
  const customerIndex = new Map(customers.map((c) => [c.id, c.index]));
  const receivables: PreparedReceivable[] = [];
  for (const r of [...input.receivables].sort(byId)) {
    const ci = customerIndex.get(r.customerId);
    if (ci === undefined) throw new RangeError(`receivable ${r.id} belongs to unknown customer ${r.customerId}`);
    receivables.push(prepareReceivable(r, receivables.length, ci));
  }
  const mappings: { payerDocument: string; customer: number }[] = [];
  for (const m of input.clientMappings) {
    const ci = customerIndex.get(m.customerId);
    if (ci !== undefined) mappings.push({ payerDocument: m.payerDocument, customer: ci });
  }
  const ix = buildIndexes(customers, receivables, mappings, { maxReceivables: s.splitMaxReceivables, spanDays: s.splitSpanDays });
  const rejections: RejectionIndex = { byTransaction: new Map(), byDocument: new Map() };
  for (const r of input.rejections) {
    const ci = customerIndex.get(r.customerId);
    if (ci === undefined) continue;
    const [map, key] = r.transactionId !== undefined ? [rejections.byTransaction, r.transactionId] : [rejections.byDocument, onlyDigits(r.payerDocument)];
    const set = map.get(key);
    if (set) set.add(ci);
    else map.set(key, new Set([ci]));
  }

  // Prepared in id order; `preparedOf[i]` is where the i-th input transaction went.
  const order = input.transactions.map((_, i) => i).sort((a, b) => byId(input.transactions[a]!, input.transactions[b]!));
  const preparedOf = new Int32Array(order.length);
  const txs = order.map((k, i) => {
    preparedOf[k] = i;
    return prepareTransaction(input.transactions[k]!, i, tokens);
  });
  const scratch = new Scratch(customers.length, tokens.nameCount);
  const all: Option[][] = txs.map((t) => candidateOptions(t, customers, ix, rejections, s, scratch));
  const medium = s.thresholds.medium * 100;
  const none: Option[] = [];
  const assignable = all.map((opts) => (opts.length > 0 && opts[0]!.basis >= medium ? opts.filter((o) => o.basis >= medium) : none));
  const { chosen, regret, stats } = assign(
    assignable,
    receivables.length,
    (o) => o.net,
    (o) => o.autoEligible,
    (o) => o.plainNet,
  );

  const usedBy = new Int32Array(receivables.length).fill(-1);
  for (let t = 0; t < txs.length; t++) {
    const j = chosen[t]!;
    if (j >= 0) for (const r of assignable[t]![j]!.receivables) usedBy[r.index] = t;
  }

  let options = 0;
  for (const opts of all) options += opts.length;
  return {
    count: txs.length,
    resultAt(i: number): MatchResult {
      const t = txs[preparedOf[i]!]!;
      const j = chosen[t.index]!;
      return resultFor(t, all[t.index]!, j >= 0 ? assignable[t.index]![j]! : null, regret[t.index]!, usedBy, s);
    },
    debitAt: (i: number) => txs[preparedOf[i]!]!.debit,
    idAt: (i: number) => txs[preparedOf[i]!]!.id,
    stats: { ...stats, transactions: txs.length, credits: txs.filter((t) => !t.debit).length, options },
  };
}

/** An option is live for credit t when no other credit took any of its receivables. */
function isLive(o: Option, t: number, usedBy: Int32Array): boolean {
  for (const r of o.receivables) if (usedBy[r.index] !== -1 && usedBy[r.index] !== t) return false;
  return true;
}

/**
 * Another open receivable (or group) of the same client that this credit
 * would also settle in full, within the date window: which instalment it
 * pays is a person's call, whatever the dates suggest — unless the
 * description names it.
 */
function instalmentInDoubt(t: PreparedTransaction, options: readonly Option[], pick: Option, usedBy: Int32Array): boolean {
  // The description names this instalment: no doubt left for the dates to raise.
  if (pick.instalment === 'named') return false;
  for (const o of options) {
    if (o === pick || o.evidence.customer !== pick.evidence.customer || o.receivables.length === 0) continue;
    if (settlesInFull(o.amount) && o.dateFraction > 0 && isLive(o, t.index, usedBy)) return true;
  }
  return false;
}

function resultFor(
  t: PreparedTransaction,
  options: readonly Option[],
  pick: Option | null,
  regret: number,
  usedBy: Int32Array,
  s: MatchSettings,
): MatchResult {
  // Only an unmatched credit shows (and scores) its best option still free.
  let bestLive: Option | null = null;
  if (!pick) {
    for (const o of options) {
      if (isLive(o, t.index, usedBy)) {
        bestLive = o;
        break;
      }
    }
  }
  const shown = pick ?? bestLive;
  const reasons = shown ? explainOption(t, shown, s) : explainNoCandidate(t, s);
  const alternatives = alternativesFor(t, options, pick, shown, usedBy, s);
  if (!pick) {
    return {
      transactionId: t.id,
      customerId: null,
      receivableId: null,
      receivableIds: [],
      score: bestLive?.score ?? 0,
      status: 'unmatched',
      reasons,
      alternatives,
    };
  }
  // Two margins, both in points of 100: the credit's own runner-up (any
  // other client's option, or a live one of the same client), and the
  // assignment's regret (net evidence moves twice as fast as points when the
  // same criteria are counted, hence the halving).
  // Both on the evidence itself: an instalment chosen by convention (the
  // oldest open one) is no wider margin over its siblings.
  let runnerUp = 0;
  for (const o of options) if (o !== pick && (o.evidence.customer !== pick.evidence.customer || isLive(o, t.index, usedBy))) runnerUp = Math.max(runnerUp, o.plainBasis);
  const margin = Math.min(regret / 200, (pick.plainBasis - runnerUp) / 100);
  const auto = pick.autoEligible && margin >= s.autoMarginPoints && !instalmentInDoubt(t, options, pick, usedBy);
  const receivableIds = pick.receivables.map((r) => r.id);
  return {
    transactionId: t.id,
    customerId: pick.evidence.customer.id,
    receivableId: receivableIds[0] ?? null,
    receivableIds,
    score: pick.score,
    status: auto ? 'auto' : 'suggested',
    reasons,
    alternatives,
  };
}

function alternativesFor(
  t: PreparedTransaction,
  options: readonly Option[],
  pick: Option | null,
  reference: Option | null,
  usedBy: Int32Array,
  s: MatchSettings,
): MatchAlternative[] {
  if (!reference || s.maxAlternatives <= 0) return [];
  const floor = Math.max(s.alternativesFloorPoints * 100, reference.basis - s.alternativesWindowPoints * 100);
  const out: MatchAlternative[] = [];
  const customersShown = new Set<number>();
  if (pick) customersShown.add(pick.evidence.customer.index);
  for (const o of options) {
    if (o.basis < floor) break;
    if (o === pick || !isLive(o, t.index, usedBy)) continue;
    // "This client, no receivable" adds nothing once the client is listed.
    if (o.receivables.length === 0 && customersShown.has(o.evidence.customer.index)) continue;
    customersShown.add(o.evidence.customer.index);
    const ids = o.receivables.map((r) => r.id);
    out.push({ customerId: o.evidence.customer.id, receivableId: ids[0] ?? null, receivableIds: ids, score: o.score });
    if (out.length >= s.maxAlternatives) break;
  }
  return out;
}
