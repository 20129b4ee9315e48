import { describe, expect, it } from 'vitest';
import { amountCents, bookingDate, centsToDecimalString, signedAmountCents } from './amounts';

describe('amounts', () => {
  it('turns doubles into exact cents and back into decimal strings', () => {
    expect(amountCents(1234.56)).toBe(123456);
    expect(amountCents(0.1 + 0.2)).toBe(30);
    expect(amountCents(-212.45)).toBe(-21245);
    expect(amountCents(-0)).toBe(0);
    expect(() => amountCents(Number.NaN)).toThrow(RangeError);
    expect(centsToDecimalString(-123456)).toBe('-1234.56');
    expect(centsToDecimalString(5)).toBe('0.05');
    for (let c = -100_000; c <= 100_000; c += 7) expect(amountCents(Number(centsToDecimalString(c)))).toBe(c);
  });

  it('takes direction from the type, whatever the sign (card purchases arrive positive)', () => {
    expect(signedAmountCents({ type: 'CREDIT', amount: 1500 })).toBe(150000);
    expect(signedAmountCents({ type: 'DEBIT', amount: -212.45 })).toBe(-21245);
    expect(signedAmountCents({ type: 'DEBIT', amount: 327.88 })).toBe(-32788);
    expect(signedAmountCents({ type: 'CREDIT', amount: -900 })).toBe(90000);
  });

  it('keeps the UTC calendar day of a booking date', () => {
    expect(bookingDate(new Date('2026-11-30T00:00:00.000Z'))).toBe('2026-11-30');
    expect(bookingDate('2026-11-30T23:59:59.999Z')).toBe('2026-11-30');
  });
});
