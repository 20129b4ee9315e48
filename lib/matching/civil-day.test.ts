import { describe, expect, it } from 'vitest';
import { civilFromDays } from './civil-day';

describe('civilFromDays', () => {
  it('agrees with Date over leap years, century rules and month ends', () => {
    for (let day = -800_000; day <= 120_000; day += 37) {
      const dt = new Date(day * 86_400_000);
      expect(civilFromDays(day)).toEqual({ y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() });
    }
    expect(civilFromDays(Date.UTC(2024, 1, 29) / 86_400_000)).toEqual({ y: 2024, m: 2, d: 29 });
    expect(civilFromDays(Date.UTC(2000, 2, 1) / 86_400_000)).toEqual({ y: 2000, m: 3, d: 1 });
  });
});
