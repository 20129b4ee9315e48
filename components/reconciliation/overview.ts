// The reconciliation summary as finance reads it (the Painel's cards and the
// Conciliação header): what is reconciled, in money, and what is still work.
import { fromCents, toCents } from '@/lib/format';

interface ReconBucket {
  count: number;
  amount: string;
}

export interface ReconciliationOverview {
  reconciled: ReconBucket;
  /** Reconciled amount ÷ all credit amount of the window (money, not count: what finance reports). */
  reconciledShare: number;
  pending: ReconBucket & { auto: number; suggested: number };
  unmatched: ReconBucket;
}

/**
 * The Painel's reconciliation cards, from GET /api/reconciliation's summary.
 * Proposals (auto, suggested) are work still to do, not reconciled money: only
 * confirmed credits count as reconciled.
 */
export function reconciliationOverview(s: { auto: ReconBucket; suggested: ReconBucket; unmatched: ReconBucket; confirmed: ReconBucket }): ReconciliationOverview {
  const confirmed = toCents(s.confirmed.amount);
  const pending = toCents(s.auto.amount) + toCents(s.suggested.amount);
  const all = confirmed + pending + toCents(s.unmatched.amount);
  // Four decimals, like the API's matchRate; computed on cents so a one-cent remainder cannot round to 100 %.
  const share = all === 0n ? 0 : Number((confirmed * 10_000n) / all) / 10_000;
  return {
    reconciled: { count: s.confirmed.count, amount: s.confirmed.amount },
    reconciledShare: share,
    pending: { count: s.auto.count + s.suggested.count, amount: fromCents(pending), auto: s.auto.count, suggested: s.suggested.count },
    unmatched: { count: s.unmatched.count, amount: s.unmatched.amount },
  };
}
