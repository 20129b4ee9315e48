// Money crosses the API as exact decimal strings ("1234.50"), never floats.
export function moneyString(value: { toFixed(d: number): string } | null | undefined): string | null {
  return value == null ? null : value.toFixed(2);
}

/** A UTC-midnight booking date as the calendar date it stands for. */
export function calendarDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
