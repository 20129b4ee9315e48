// Money as integer cents; the only conversion is to Postgres' numeric text
// form, done with integer arithmetic so stored values are exact.

/** -123456 → "-1234.56"; 5 → "0.05". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of cents: ${cents}`);
  const abs = cents < 0 ? -cents : cents;
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  return `${cents < 0 ? '-' : ''}${units}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Cents between two values (in cents), log-uniform: small values more likely. */
export function logUniformCents(r: number, minCents: number, maxCents: number): number {
  return Math.round(Math.exp(Math.log(minCents) + r * (Math.log(maxCents) - Math.log(minCents))));
}
