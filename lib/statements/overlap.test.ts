import { describe, expect, it } from 'vitest';
import { accountNumberParts, pairTransactions, sameBankAccount } from './overlap';

describe('linking a manual account to a synced one', () => {
  it('compares digits without leading zeros, check digit included, branches when both have one', () => {
    const manual = accountNumberParts('56789-0', '1234');
    expect(manual).toEqual({ branch: '1234', account: '567890' });
    expect(sameBankAccount(manual, accountNumberParts('1234/56789-0'))).toBe(true);
    expect(sameBankAccount(manual, accountNumberParts('01234/0056789-0'))).toBe(true);
    expect(sameBankAccount(manual, accountNumberParts('56789-0'))).toBe(true); // Pluggy without a branch
    expect(sameBankAccount(manual, accountNumberParts('4321/56789-0'))).toBe(false);
    expect(sameBankAccount(manual, accountNumberParts('1234/56789-1'))).toBe(false);
    expect(accountNumberParts('xxxx8670')).toBeNull(); // a masked card
    expect(accountNumberParts('12')).toBeNull();
    expect(sameBankAccount(null, manual)).toBe(false);
  });
});

describe('pairing imported and synced rows', () => {
  const r = (id: string, date: string, amountCents: number) => ({ id, date, amountCents });
  it('one-to-one, equal amounts, same day before a day apart, never two days', () => {
    const imported = [r('i1', '2026-03-02', 5000), r('i2', '2026-03-02', 5000), r('i3', '2026-03-03', -8990), r('i4', '2026-03-10', 100), r('i5', '2026-03-20', 700)];
    const synced = [r('s1', '2026-03-02', 5000), r('s2', '2026-03-03', 5000), r('s3', '2026-03-04', -8990), r('s4', '2026-03-12', 100), r('s5', '2026-03-20', 701)];
    expect([...pairTransactions(imported, synced)].sort()).toEqual([
      ['i1', 's1'],
      ['i2', 's2'],
      ['i3', 's3'],
    ]);
  });

  it('prefers the same-day twin even when an earlier row could take it a day apart', () => {
    const imported = [r('a', '2026-03-01', 100), r('b', '2026-03-02', 100)];
    const synced = [r('x', '2026-03-02', 100)];
    expect([...pairTransactions(imported, synced)]).toEqual([['b', 'x']]);
  });
});
