// Exact money and calendar dates from Pluggy's wire values (pure).
//
// Pluggy sends `amount` as a JSON double. For bank accounts the sign follows
// the type (CREDIT > 0, DEBIT < 0); for credit cards it is unconfirmed —
// purchases are `DEBIT` but may arrive positive (the local sandbox sends
// them positive, bill payments as negative CREDITs). So direction always
// comes from `type` (CREDIT = money in, DEBIT = money out, for both account
// types after Pluggy's normalisation), never from the sign.

/** A double amount as integer cents (1234.56 → 123456). */
export function amountCents(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError(`not a finite amount: ${amount}`);
  const cents = Math.round(amount * 100);
  return cents === 0 ? 0 : cents;
}

/** Cents signed by direction, from the holder's point of view: money in > 0, money out < 0. */
export function signedAmountCents(tx: { type: 'CREDIT' | 'DEBIT'; amount: number }): number {
  const abs = Math.abs(amountCents(tx.amount));
  return tx.type === 'CREDIT' ? abs : -abs;
}

/** The booking date as its UTC calendar day ("2026-11-30"), so it never shifts in America/Sao_Paulo. */
export function bookingDate(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  return d.toISOString().slice(0, 10);
}

/** Integer cents as an exact decimal string for Decimal columns: -123456 → "-1234.56". */
export function centsToDecimalString(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of cents: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
