import { describe, expect, it } from 'vitest';
import { monthTotals, series, totalBalance } from '@/components/dashboard/summary';
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

});
