// Pure arithmetic of the Painel, from the KPI view's rows (exact strings,
// summed in cents). Months are the view's UTC booking months.
import { fromCents, lastMonths, toCents } from '@/lib/format';
import type { TenantKpi } from '@/lib/kpi-view/read';
import type { AccountDto } from '@/lib/pluggy/accounts';

export interface MonthPoint {
  month: string;
  credits: number;
  debits: number;
  creditsExact: string;
  debitsExact: string;
}

export function monthTotals(kpis: TenantKpi[], month: string): { credits: string; debits: string; creditCount: number; debitCount: number } {
  let credits = 0n;
  let debits = 0n;
  let creditCount = 0;
  let debitCount = 0;
  for (const k of kpis) {
    if (k.month !== month) continue;
    if (k.type === 'CREDIT') {
      credits += toCents(k.activeTotalAmount);
      creditCount += k.activeTxCount;
    } else {
      debits += toCents(k.activeTotalAmount);
      debitCount += k.activeTxCount;
    }
  }
  // Debits are stored negative; people read "gastos" as a positive amount with a minus sign shown by the UI.
  return { credits: fromCents(credits), debits: fromCents(debits < 0n ? -debits : debits), creditCount, debitCount };
}

/** Twelve points ending at `month`; the chart needs numbers, the tooltip shows the exact strings. */
export function series(kpis: TenantKpi[], month: string, n = 12): MonthPoint[] {
  return lastMonths(month, n).map((m) => {
    const t = monthTotals(kpis, m);
    return { month: m, credits: Number(t.credits), debits: Number(t.debits), creditsExact: t.credits, debitsExact: t.debits };
  });
}

/** Sum of the BRL account balances (credit cards are debt, not cash, and are left out). */
export function totalBalance(accounts: AccountDto[]): string | null {
  const bank = accounts.filter((a) => a.type !== 'CREDIT' && a.currencyCode === 'BRL' && a.balance != null);
  if (!bank.length) return null;
  return fromCents(bank.reduce((s, a) => s + toCents(a.balance!), 0n));
}
