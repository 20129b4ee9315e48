// The credit against what the receivable(s) ask: exact, short by a withheld
// bank fee, a little over (a late boleto's fine and interest), or a partial
// payment (at most suggested).
import type { MatchSettings } from './settings';

export const FEE_FRACTION = 0.9;
export const OVERPAY_FRACTION = 0.6;
export const PARTIAL_FRACTION = 0.35;
/** Below this share of the receivable a credit is not taken for a partial payment of it. */
export const PARTIAL_MIN_SHARE = 0.1;

export type AmountKind = 'exact' | 'split' | 'fee' | 'over' | 'partial' | 'none';

export interface AmountFit {
  kind: AmountKind;
  fraction: number;
}

export function feeTolerance(dueCents: number, s: MatchSettings): number {
  return Math.min(s.feeToleranceCents, Math.floor(dueCents * s.feeToleranceShare));
}

/** How `creditCents` fits one receivable of `dueCents`; null when it does not. */
export function amountFit(creditCents: number, dueCents: number, s: MatchSettings): AmountFit | null {
  if (creditCents === dueCents) return { kind: 'exact', fraction: 1 };
  if (creditCents < dueCents) {
    if (dueCents - creditCents <= feeTolerance(dueCents, s)) return { kind: 'fee', fraction: FEE_FRACTION };
    if (creditCents >= dueCents * PARTIAL_MIN_SHARE) return { kind: 'partial', fraction: PARTIAL_FRACTION };
    return null;
  }
  if (creditCents - dueCents <= dueCents * s.overpayToleranceShare) return { kind: 'over', fraction: OVERPAY_FRACTION };
  return null;
}

/** How a credit fits a group of receivables paid together: only in full (or short by a fee). */
export function splitFit(creditCents: number, sumCents: number, s: MatchSettings): AmountFit | null {
  if (creditCents === sumCents) return { kind: 'split', fraction: 1 };
  if (creditCents < sumCents && sumCents - creditCents <= feeTolerance(sumCents, s)) return { kind: 'split', fraction: FEE_FRACTION };
  return null;
}

/** Amount fits that are proof enough for auto (with a proven identity). */
export function settlesInFull(kind: AmountKind): boolean {
  return kind === 'exact' || kind === 'split' || kind === 'fee';
}
