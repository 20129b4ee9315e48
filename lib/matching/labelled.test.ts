import { describe, expect, it } from 'vitest';
import { generateBook } from '@/lib/synthetic/book';
import { parseInputDocument } from './contract-input';
import { labelledInput } from './labelled';

describe('labelledInput', () => {
  const book = generateBook({ seed: 3, customers: 400, anchorDate: '2026-11-30', openWindowDays: 60, debitShare: 0.4 });
  const { input, truth } = labelledInput(book, { queueDays: 60, quirks: { bareDocument: 0.5, maskedDocument: 0.2, pixKeyAsDocument: 0.3, formattedCustomerDocument: 0.5 } });

  it('is valid command input with a truth for every transaction', () => {
    const parsed = parseInputDocument(input).input;
    expect(parsed.transactions.length).toBe(input.transactions.length);
    for (const t of input.transactions) expect(truth.has(String(t.id))).toBe(true);
    expect(input.transactions.filter((t) => t.date <= '2026-10-01')).toEqual([]);
  });

  it('includes the debits, labelled as such, and only open receivables', () => {
    const debits = input.transactions.filter((t) => t.type === 'DEBIT');
    expect(debits.length).toBeGreaterThan(20);
    for (const d of debits) expect(truth.get(String(d.id))).toMatchObject({ kind: 'debit', customerId: null });
    const open = new Set(book.receivables.filter((r) => r.paidDate === null).map((r) => String(r.id)));
    for (const r of input.receivables) expect(open.has(String(r.id))).toBe(true);
  });

  it('applies the quirks: bare, masked and PIX-key documents', () => {
    const docs = input.transactions.map((t) => t.payerDocument).filter((d): d is string => !!d);
    expect(docs.some((d) => /^\d{11}$|^\d{14}$/.test(d))).toBe(true);
    expect(docs.some((d) => d.includes('*'))).toBe(true);
    expect(docs.some((d) => d.startsWith('+55') || d.includes('@'))).toBe(true);
  });
});
