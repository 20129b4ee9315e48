// Booking dates over the two years ending `today` (UTC calendar days, as
// stored in pluggy_transactions.date). PIX settles every day, though much
// less on weekends; TED and boleto only settle on business days.
import type { Rng } from './rng';

const DAY_MS = 86_400_000;
export const WINDOW_DAYS = 731;

// Fixed-date national holidays (MM-DD); movable ones (Carnaval, Sexta-feira
// Santa, Corpus Christi) are left out — the data only needs a weekday bias.
const HOLIDAYS = new Set(['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '11-20', '12-25']);

export interface Calendar {
  /** 'YYYY-MM-DD' per day index; index 0 is the oldest day. */
  days: string[];
  first: string;
  last: string;
  /** A day index for any-day payments (PIX), weekends less likely. */
  anyDay(rng: Rng): number;
  /** A day index that is a business day (TED, boleto, taxes, salaries). */
  businessDay(rng: Rng): number;
}

export function createCalendar(today: Date, windowDays = WINDOW_DAYS): Calendar {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const days: string[] = [];
  const weighted: number[] = [];
  const business: number[] = [];
  for (let i = 0; i < windowDays; i++) {
    const d = new Date(end - (windowDays - 1 - i) * DAY_MS);
    const iso = d.toISOString().slice(0, 10);
    days.push(iso);
    const dow = d.getUTCDay();
    const holiday = HOLIDAYS.has(iso.slice(5));
    const weekend = dow === 0 || dow === 6;
    // Integer weights expanded into a lookup table: one rng() call per draw.
    const weight = weekend || holiday ? (dow === 0 ? 1 : 2) : 10;
    for (let w = 0; w < weight; w++) weighted.push(i);
    if (!weekend && !holiday) business.push(i);
  }
  return {
    days,
    first: days[0]!,
    last: days[days.length - 1]!,
    anyDay: (rng) => weighted[Math.floor(rng() * weighted.length)]!,
    businessDay: (rng) => business[Math.floor(rng() * business.length)]!,
  };
}
