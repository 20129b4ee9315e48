import { describe, expect, it } from 'vitest';
import { reconciliationOverview } from '@/components/reconciliation/overview';

describe('reconciliation overview', () => {
  const b = (count: number, amount: string) => ({ count, amount });

  it('counts only confirmed credits as reconciled; proposals are pending work', () => {
    const o = reconciliationOverview({ auto: b(13, '105676.00'), suggested: b(61, '833213.28'), unmatched: b(43, '325743.23'), confirmed: b(0, '0.00') });
    expect(o.reconciled).toEqual({ count: 0, amount: '0.00' });
    expect(o.reconciledShare).toBe(0);
    expect(o.pending).toEqual({ count: 74, amount: '938889.28', auto: 13, suggested: 61 });
    expect(o.unmatched).toEqual({ count: 43, amount: '325743.23' });
  });

  it('weighs the share by money, exactly in cents, never rounding a remainder up to 100 %', () => {
    const o = reconciliationOverview({ auto: b(0, '0.00'), suggested: b(0, '0.00'), unmatched: b(1, '0.01'), confirmed: b(3, '999999.99') });
    expect(o.reconciledShare).toBeLessThan(1);
    expect(o.reconciledShare).toBe(0.9999);
    const half = reconciliationOverview({ auto: b(1, '10.00'), suggested: b(0, '0.00'), unmatched: b(9, '40.00'), confirmed: b(1, '50.00') });
    expect(half.reconciledShare).toBe(0.5);
  });

  it('is zero, not NaN, with no credits at all', () => {
    const z = b(0, '0.00');
    expect(reconciliationOverview({ auto: z, suggested: z, unmatched: z, confirmed: z }).reconciledShare).toBe(0);
  });
});
