// The engine's quality on labelled data, defined once for the bench and the
// golden-set test (definitions in bench/README.md).
import type { MatchStatus } from './types';

export interface Truth {
  /** The book's PaymentKind, or 'debit'. */
  kind: string;
  /** The client it pays for; null for a non-client transaction (stranger, no payer, debit). */
  customerId: string | null;
  receivableIds: string[];
  distortions: string[];
}

export interface ScoredResult {
  transactionId: string | number;
  customerId: string | number | null;
  receivableIds: (string | number)[];
  status: MatchStatus;
}

export interface KindFigures {
  n: number;
  auto: number;
  autoCorrect: number;
  suggested: number;
  /** auto or suggested with the true client. */
  rightCustomer: number;
  unmatched: number;
}

export interface Metrics {
  transactions: number;
  clientPayments: number;
  nonClient: number;
  nonClientCredits: number;
  auto: number;
  autoCorrect: number;
  /** autoCorrect / auto (1 when nothing is auto). */
  autoPrecision: number;
  /** Client payments given their true client at auto or suggested, over client payments. */
  coverage: number;
  /** Non-client transactions (debits included) given any client at auto or suggested, over them. */
  wronglyClaimed: number;
  /** The same over non-client credits only (strangers, no payer): the harder denominator. */
  wronglyClaimedCredits: number;
  /** Truly paid receivables proposed (auto or suggested) for the credit that pays them, over all truly paid. */
  receivableRecall: number;
  byKind: Record<string, KindFigures>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function evaluate(results: readonly ScoredResult[], truth: ReadonlyMap<string, Truth>): Metrics {
  let clientPayments = 0;
  let nonClient = 0;
  let nonClientCredits = 0;
  let auto = 0;
  let autoCorrect = 0;
  let covered = 0;
  let claimed = 0;
  let claimedCredits = 0;
  let paid = 0;
  let recalled = 0;
  const byKind: Record<string, KindFigures> = {};
  for (const r of results) {
    const t = truth.get(String(r.transactionId));
    if (!t) throw new RangeError(`no truth for transaction ${r.transactionId}`);
    const k = (byKind[t.kind] ??= { n: 0, auto: 0, autoCorrect: 0, suggested: 0, rightCustomer: 0, unmatched: 0 });
    k.n++;
    const proposed = r.status !== 'unmatched' && r.customerId !== null;
    const customer = r.customerId === null ? null : String(r.customerId);
    const ids = r.receivableIds.map(String);
    const rightCustomer = proposed && t.customerId !== null && customer === t.customerId;
    if (r.status === 'auto') {
      auto++;
      k.auto++;
      if (rightCustomer && sameSet(ids, t.receivableIds)) {
        autoCorrect++;
        k.autoCorrect++;
      }
    } else if (r.status === 'suggested') k.suggested++;
    else k.unmatched++;
    if (rightCustomer) k.rightCustomer++;
    if (t.customerId !== null) {
      clientPayments++;
      if (rightCustomer) covered++;
      paid += t.receivableIds.length;
      if (rightCustomer) for (const id of t.receivableIds) if (ids.includes(id)) recalled++;
    } else {
      nonClient++;
      if (t.kind !== 'debit') nonClientCredits++;
      if (proposed) {
        claimed++;
        if (t.kind !== 'debit') claimedCredits++;
      }
    }
  }
  const ratio = (a: number, b: number, empty: number) => (b === 0 ? empty : a / b);
  return {
    transactions: results.length,
    clientPayments,
    nonClient,
    nonClientCredits,
    auto,
    autoCorrect,
    autoPrecision: ratio(autoCorrect, auto, 1),
    coverage: ratio(covered, clientPayments, 1),
    wronglyClaimed: ratio(claimed, nonClient, 0),
    wronglyClaimedCredits: ratio(claimedCredits, nonClientCredits, 0),
    receivableRecall: ratio(recalled, paid, 1),
    byKind,
  };
}

/** The targets. */
export const TARGETS = { autoPrecision: 0.995, coverage: 0.9, wronglyClaimed: 0.02, receivableRecall: 0.9 } as const;

export function meetsTargets(m: Metrics): string[] {
  const misses: string[] = [];
  if (m.autoPrecision < TARGETS.autoPrecision) misses.push(`auto precision ${(m.autoPrecision * 100).toFixed(2)} % < 99.5 %`);
  if (m.coverage < TARGETS.coverage) misses.push(`coverage ${(m.coverage * 100).toFixed(2)} % < 90 %`);
  if (m.wronglyClaimedCredits > TARGETS.wronglyClaimed) misses.push(`wrongly claimed ${(m.wronglyClaimedCredits * 100).toFixed(2)} % > 2 %`);
  if (m.receivableRecall < TARGETS.receivableRecall) misses.push(`receivable recall ${(m.receivableRecall * 100).toFixed(2)} % < 90 %`);
  return misses;
}
