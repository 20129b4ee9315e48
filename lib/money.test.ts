import { describe, expect, it } from 'vitest';
import { directedAmount } from '@/lib/money';

describe('directedAmount', () => {
  it('signs by type, whatever sign the row was stored with', () => {
    expect(directedAmount('DEBIT', '88.29')).toBe('-88.29');
    expect(directedAmount('DEBIT', '-88.29')).toBe('-88.29');
    expect(directedAmount('CREDIT', '-500.00')).toBe('500.00');
    expect(directedAmount('CREDIT', '1500.00')).toBe('1500.00');
  });

  it('never writes a negative zero', () => {
    expect(directedAmount('DEBIT', '0.00')).toBe('0.00');
    expect(directedAmount('DEBIT', '-0.00')).toBe('0.00');
  });
});
