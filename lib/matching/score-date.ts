// Payment day against the receivable's due date. Payment delays are a
// mixture: most clients pay within a few days of the due date, the rest
// are spread over weeks. So the points are full within DATE_FULL_DAYS,
// drop to about half within a further DATE_STEP_DAYS, then fall slowly to
// zero at the late (or early) limit. The shape matters when two credits of
// one client could pay two of its instalments either way round: "one on
// time, one very late" must beat "both somewhat late", as it is likelier.
import type { MatchSettings } from './settings';

/** Share of the points that decays over the whole window (the long tail); the rest goes within DATE_STEP_DAYS. */
export const DATE_TAIL_SHARE = 0.5;
export const DATE_STEP_DAYS = 5;

function decay(x: number, span: number): number {
  return DATE_TAIL_SHARE * Math.max(0, 1 - x / span) + (1 - DATE_TAIL_SHARE) * Math.max(0, 1 - x / DATE_STEP_DAYS);
}

/** `daysLate` = payment day − due day (negative: paid early). */
export function dateFraction(daysLate: number, s: MatchSettings): number {
  if (daysLate >= -s.dateFullDays && daysLate <= s.dateFullDays) return 1;
  if (daysLate > 0) return decay(daysLate - s.dateFullDays, s.dateLateDays - s.dateFullDays);
  return decay(-daysLate - s.dateFullDays, s.dateEarlyDays - s.dateFullDays);
}

/** Receivables this far from the payment are not candidates at all. */
export function inDateWindow(daysLate: number, s: MatchSettings): boolean {
  return daysLate >= -s.dateEarlyDays && daysLate <= s.overdueMaxDays;
}
