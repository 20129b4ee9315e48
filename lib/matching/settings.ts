// The engine's settings: the tenant's weights and thresholds (TenantSettings,
// percentages) plus engine-only knobs with named defaults. README.md beside
// this file says why each default is what it is.
import type { Criterion } from './types';

/** TenantSettings defaults (prisma/schema.prisma): percentages summing to 100. */
export const DEFAULT_WEIGHTS: Readonly<Record<Criterion, number>> = {
  document: 40,
  name: 25,
  contact: 5,
  amount: 20,
  date: 10,
};

/** TenantSettings defaults: a score (0–100) at or above `high` may be auto, at or above `medium` is suggested. */
export const DEFAULT_THRESHOLDS = { high: 85, medium: 60 } as const;

/** Bank fees a payer's bank may withhold from a boleto or TED: up to R$ 10.00 short still "pays" it. */
export const FEE_TOLERANCE_CENTS = 1_000;
/** …and never more than this share of the receivable (a R$ 30 receivable is not paid by R$ 20). */
export const FEE_TOLERANCE_SHARE = 0.05;
/** A late boleto carries fine and interest (2 % + 1 %/month): up to this share above the receivable. */
export const OVERPAY_TOLERANCE_SHARE = 0.06;
/** Auto needs the best option to beat every other live option by this many points (of 100). */
export const AUTO_MARGIN_POINTS = 5;
/** Payments this close to the due date (either side) get the full date points. */
export const DATE_FULL_DAYS = 5;
/** Date points fall to zero this many days before the due date (early payments are rare)… */
export const DATE_EARLY_DAYS = 15;
/** …and this many days after it (late payments are common). */
export const DATE_LATE_DAYS = 60;
/** An overdue receivable is still a candidate this long after its due date (date points 0). */
export const OVERDUE_MAX_DAYS = 400;
/** One credit may pay up to this many open receivables of one customer at once. */
export const SPLIT_MAX_RECEIVABLES = 3;
/** …whose due dates lie within this many days of each other. */
export const SPLIT_SPAN_DAYS = 100;
export const MAX_ALTERNATIVES = 3;
/** Alternatives listed: within this many points of the chosen option (or of the best, when unmatched). */
export const ALTERNATIVES_WINDOW_POINTS = 15;
/** Nothing below this score is listed as an alternative. */
export const ALTERNATIVES_FLOOR_POINTS = 40;

export interface MatchSettings {
  /** Relative weights per criterion; scaled to sum 100. */
  weights: Record<Criterion, number>;
  /** Percent (0–100), medium < high. */
  thresholds: { high: number; medium: number };
  feeToleranceCents: number;
  feeToleranceShare: number;
  overpayToleranceShare: number;
  autoMarginPoints: number;
  dateFullDays: number;
  dateEarlyDays: number;
  dateLateDays: number;
  overdueMaxDays: number;
  splitMaxReceivables: number;
  splitSpanDays: number;
  maxAlternatives: number;
  alternativesWindowPoints: number;
  alternativesFloorPoints: number;
}

export const DEFAULT_SETTINGS: Readonly<MatchSettings> = {
  weights: { ...DEFAULT_WEIGHTS },
  thresholds: { ...DEFAULT_THRESHOLDS },
  feeToleranceCents: FEE_TOLERANCE_CENTS,
  feeToleranceShare: FEE_TOLERANCE_SHARE,
  overpayToleranceShare: OVERPAY_TOLERANCE_SHARE,
  autoMarginPoints: AUTO_MARGIN_POINTS,
  dateFullDays: DATE_FULL_DAYS,
  dateEarlyDays: DATE_EARLY_DAYS,
  dateLateDays: DATE_LATE_DAYS,
  overdueMaxDays: OVERDUE_MAX_DAYS,
  splitMaxReceivables: SPLIT_MAX_RECEIVABLES,
  splitSpanDays: SPLIT_SPAN_DAYS,
  maxAlternatives: MAX_ALTERNATIVES,
  alternativesWindowPoints: ALTERNATIVES_WINDOW_POINTS,
  alternativesFloorPoints: ALTERNATIVES_FLOOR_POINTS,
};

export type MatchSettingsInput = Partial<Omit<MatchSettings, 'weights' | 'thresholds'>> & {
  weights?: Partial<Record<Criterion, number>>;
  thresholds?: Partial<MatchSettings['thresholds']>;
};

/**
 * Fills in defaults and scales the weights to sum 100 (so {document: 2,
 * name: 1, …} means what it says). Throws RangeError on settings no engine
 * run could honour: negative weights, all-zero weights, thresholds outside
 * 0–100 or medium above high.
 */
export function resolveSettings(input: MatchSettingsInput = {}): MatchSettings {
  const raw = { ...DEFAULT_WEIGHTS, ...input.weights };
  let sum = 0;
  for (const k of Object.keys(raw) as Criterion[]) {
    const v = raw[k];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`weight ${k} must be a number ≥ 0`);
    sum += v;
  }
  if (sum <= 0) throw new RangeError('at least one weight must be above 0');
  const weights = {} as Record<Criterion, number>;
  for (const k of Object.keys(raw) as Criterion[]) weights[k] = (raw[k] * 100) / sum;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  for (const k of ['high', 'medium'] as const) {
    const v = thresholds[k];
    if (!Number.isFinite(v) || v < 0 || v > 100) throw new RangeError(`threshold ${k} must be between 0 and 100`);
  }
  if (thresholds.medium > thresholds.high) throw new RangeError('threshold medium must not be above high');
  const out: MatchSettings = { ...DEFAULT_SETTINGS, ...stripUndefined(input), weights, thresholds };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw new RangeError(`${k} must be a number ≥ 0`);
  }
  if (out.dateEarlyDays <= out.dateFullDays || out.dateLateDays <= out.dateFullDays) {
    throw new RangeError('dateEarlyDays and dateLateDays must be above dateFullDays');
  }
  if (!Number.isInteger(out.splitMaxReceivables) || out.splitMaxReceivables < 1 || out.splitMaxReceivables > SPLIT_MAX_RECEIVABLES) {
    throw new RangeError(`splitMaxReceivables must be an integer from 1 to ${SPLIT_MAX_RECEIVABLES}`);
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The tenant's stored settings (TenantSettings columns) as engine settings. */
export function settingsFromTenant(t: {
  weightDocument: number;
  weightName: number;
  weightContact: number;
  weightAmount: number;
  weightDate: number;
  thresholdHigh: number;
  thresholdMedium: number;
}): MatchSettings {
  return resolveSettings({
    weights: { document: t.weightDocument, name: t.weightName, contact: t.weightContact, amount: t.weightAmount, date: t.weightDate },
    thresholds: { high: t.thresholdHigh, medium: t.thresholdMedium },
  });
}
