import { describe, expect, it } from 'vitest';
import { monthTotals, reconciliationOverview, series, totalBalance } from '@/components/dashboard/summary';
import type { TenantKpi } from '@/lib/kpi-view/read';
import type { AccountDto } from '@/lib/pluggy/accounts';

const kpi = (month: string, type: 'CREDIT' | 'DEBIT', active: string, count = 1): TenantKpi => ({
  month,
  type,
  txCount: count,
  totalAmount: active,
  avgAmount: active,
  activeTxCount: count,
  activeTotalAmount: active,
});

describe('painel summary', () => {
  const rows = [kpi('2026-11', 'CREDIT', '1000.10', 3), kpi('2026-11', 'DEBIT', '-200.05', 2), kpi('2026-12', 'CREDIT', '0.20')];

  it('totals one month exactly, debits as a positive amount', () => {
    expect(monthTotals(rows, '2026-11')).toEqual({ credits: '1000.10', debits: '200.05', creditCount: 3, debitCount: 2 });
    expect(monthTotals(rows, '2026-10')).toEqual({ credits: '0.00', debits: '0.00', creditCount: 0, debitCount: 0 });
  });

  it('builds twelve months ending at the given one, zeros where the view has none', () => {
    const s = series(rows, '2026-12');
    expect(s).toHaveLength(12);
    expect(s[0]!.month).toBe('2026-01');
    expect(s[10]).toMatchObject({ month: '2026-11', creditsExact: '1000.10', debitsExact: '200.05' });
    expect(s[11]).toMatchObject({ month: '2026-12', credits: 0.2, debits: 0 });
  });

  it('sums BRL bank balances and leaves credit cards out', () => {
    const acc = (type: string, balance: string | null): AccountDto =>
      ({ id: type + balance, type, balance, currencyCode: 'BRL' }) as unknown as AccountDto;
    expect(totalBalance([acc('BANK', '10.10'), acc('BANK', '0.20'), acc('CREDIT', '-999.00')])).toBe('10.30');
    expect(totalBalance([acc('CREDIT', '1.00')])).toBeNull();
  });

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
});
