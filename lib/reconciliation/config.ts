// The reconciliation flow's named knobs. Why each value: see README.md here.
import { OVERDUE_MAX_DAYS, DATE_EARLY_DAYS } from '@/lib/matching/settings';

/** Credits booked in the last this-many days (São Paulo calendar) that are not yet reconciled. */
export const CREDIT_WINDOW_DAYS = 365;
/** Receivables due up to this long before the oldest credit: the engine still scores overdue ones that old. */
export const RECEIVABLES_LOOKBACK_DAYS = OVERDUE_MAX_DAYS;
/** …and this long after today: a credit may pay an instalment early (the engine's early window, plus slack). */
export const RECEIVABLES_LOOKAHEAD_DAYS = DATE_EARLY_DAYS * 2;
/** The worker re-crawls the receivables when its snapshot is older than this; a recompute in between reuses it. */
export const RECEIVABLES_MAX_AGE_MS = 2 * 60_000;
/**
 * Due-date window size of the crawl, in months: 6 keeps a small firm's 26
 * months at 5 GETs; a firm whose last snapshot held many receivables per
 * window uses 1 (smaller windows make a repeated page cheaper).
 */
export function windowMonthsFor(previousCount: number | null, months: number): number {
  if (previousCount === null) return 6;
  const perMonth = previousCount / Math.max(1, months);
  if (perMonth > 2000) return 1;
  if (perMonth > 500) return 2;
  return 6;
}
/** The full result lives this long in Redis; generations, not the TTL, keep it current. */
export const FULL_RESULT_TTL_SECONDS = 6 * 60 * 60;
/** Rows per page of GET /api/reconciliation. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
/** Auto-confirm default cap (TenantSettings.autoMatchCap), in cents. */
export const DEFAULT_AUTO_CAP_CENTS = 1_000_000;
/**
 * A confirm's claim (or an undo's start) older than this belongs to the
 * recovery sweep, not to the request that made it: the request no longer
 * records its outcome, and the sweep settles it from what Advbox says.
 * Longer than a confirm can take (a background confirm waits up to 10 min
 * for a PUT slot).
 */
export const RECOVER_AFTER_MS = 15 * 60_000;
/** The recovery sweep's schedule (and it runs when workers start). */
export const RECOVER_CRON = '*/5 * * * *';
/** How long the sweep waits for an Advbox budget slot before leaving the rest for the next sweep. */
export const RECOVER_MAX_WAIT_MS = 60_000;
