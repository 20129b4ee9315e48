// Money crosses the API as exact decimal strings ("1234.50"), never floats.
export function moneyString(value: { toFixed(d: number): string } | null | undefined): string | null {
  return value == null ? null : value.toFixed(2);
}

/** A UTC-midnight booking date as the calendar date it stands for. */
export function calendarDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * An exact amount signed by its direction (money in > 0, money out < 0).
 * Rows keep Pluggy's raw amount, whose sign is unreliable on credit cards
 * (purchases arrive as positive DEBITs, bill payments as negative CREDITs):
 * direction comes from `type`, never from the sign.
 */
export function directedAmount(type: 'CREDIT' | 'DEBIT', amount: string): string {
  const abs = amount.startsWith('-') ? amount.slice(1) : amount;
  if (type === 'CREDIT' || /^[0.]*$/.test(abs)) return abs;
  return `-${abs}`;
}
