// The sandbox's firm data (pure): deterministic per spec, sized exactly when
// asked, credits that are the firm's book, Brazilian payment data, exact
// cents, and the card sign convention. Also the cursor format.
import { describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf, onlyDigits } from '@/lib/documents';
import { amountCents } from '@/lib/pluggy/client';
import { generateBook } from '@/lib/synthetic/book';
import { decodeCursor, encodeCursor } from '@/tools/pluggy-sandbox/cursor';
import { buildFirmDataset } from '@/tools/pluggy-sandbox/dataset';
import { Ledger } from '@/tools/pluggy-sandbox/ledger';
import { transactionWire } from '@/tools/pluggy-sandbox/wire';

const SPEC = { seed: 11, anchorDate: '2026-11-30', customers: 80 };

describe('firm dataset', () => {
  const ds = buildFirmDataset(SPEC);
  const checking = ds.accounts.find((a) => a.key === 'checking')!;
  const card = ds.accounts.find((a) => a.key === 'card')!;

  it('is the same for the same spec and differs for another seed or anchor', () => {
    expect(buildFirmDataset(SPEC)).toEqual(ds);
    const other = buildFirmDataset({ ...SPEC, seed: 12 });
    expect(other.accounts[0]!.rows.slice(0, 20)).not.toEqual(checking.rows.slice(0, 20));
    const later = buildFirmDataset({ ...SPEC, anchorDate: '2026-12-31' });
    expect(later.accounts[0]!.rows.at(-1)!.date > checking.rows.at(-1)!.date).toBe(true);
  });

  it('credits the checking account with exactly the book payments', () => {
    const book = generateBook({ seed: SPEC.seed, customers: SPEC.customers, anchorDate: SPEC.anchorDate });
    const credits = checking.rows.filter((r) => r.bookPaymentId);
    expect(credits.map((r) => [r.bookPaymentId, r.date, r.amountCents, r.description])).toEqual(
      book.payments.map((p) => [p.id, p.date, p.amountCents, p.description]),
    );
    expect(credits.every((r) => r.type === 'CREDIT' && r.amountCents > 0)).toBe(true);
  });

  it('names payers with formatted, valid CPF/CNPJ, or leaves them out as banks do', () => {
    const withDoc = checking.rows.filter((r) => r.paymentData?.payer?.documentNumber);
    expect(withDoc.length).toBeGreaterThan(50);
    for (const r of withDoc) {
      const { type, value } = r.paymentData!.payer!.documentNumber!;
      expect(value).toMatch(type === 'CPF' ? /^\d{3}\.\d{3}\.\d{3}-\d{2}$/ : /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
      expect(type === 'CPF' ? isValidCpf(onlyDigits(value)) : isValidCnpj(onlyDigits(value))).toBe(true);
    }
    const names = checking.rows.map((r) => r.paymentData?.payer?.name).filter((n): n is string => !!n);
    expect(names.every((n) => n === n.toUpperCase() && !/[\u0300-\u036f]/.test(n.normalize('NFD')))).toBe(true);
    expect(checking.rows.some((r) => r.operationType === 'BOLETO' && !r.paymentData?.payer)).toBe(true);
    expect(new Set(checking.rows.filter((r) => r.type === 'CREDIT').map((r) => r.operationType))).toEqual(new Set(['PIX', 'TED', 'BOLETO', null]));
  });

  it('debits the firm costs, bank fees included, as negative cents', () => {
    const debits = checking.rows.filter((r) => r.type === 'DEBIT');
    expect(debits.length).toBeGreaterThan(50);
    expect(debits.every((r) => Number.isInteger(r.amountCents) && r.amountCents < 0)).toBe(true);
    expect(debits.some((r) => r.category === 'Bank fees' && /^TARIFA/.test(r.description))).toBe(true);
  });

  it('card purchases are DEBIT with positive amounts, bill payments CREDIT with negative ones', () => {
    expect(card.type).toBe('CREDIT');
    expect(card.subtype).toBe('CREDIT_CARD');
    const purchases = card.rows.filter((r) => r.type === 'DEBIT');
    const bills = card.rows.filter((r) => r.type === 'CREDIT');
    expect(purchases.length).toBeGreaterThan(10);
    expect(purchases.every((r) => r.amountCents > 0 && r.merchant && r.creditCardMetadata)).toBe(true);
    expect(bills.length).toBeGreaterThan(0);
    expect(bills.every((r) => r.amountCents < 0)).toBe(true);
  });

  it('has exactly `transactions` rows when asked', () => {
    for (const n of [0, 37, 1500]) {
      const sized = buildFirmDataset({ seed: 5, anchorDate: '2026-11-30', transactions: n });
      expect(sized.accounts.reduce((s, a) => s + a.rows.length, 0)).toBe(n);
    }
  });

  it('keeps rows in date order within each account', () => {
    for (const a of ds.accounts) {
      for (let i = 1; i < a.rows.length; i++) expect(a.rows[i - 1]!.date <= a.rows[i]!.date).toBe(true);
    }
  });
});

describe('wire form', () => {
  it('dates are YYYY-MM-DDT00:00:00.000Z and amounts come back to the exact cent', () => {
    const ds = buildFirmDataset({ seed: 3, anchorDate: '2026-11-30', transactions: 3000 });
    for (const tpl of ds.accounts) {
      const ledger = new Ledger('acc', tpl.type === 'BANK' ? tpl.openingBalanceCents : null);
      let n = 0;
      ledger.load(tpl.rows, () => `id-${n++}`, Date.UTC(2026, 10, 30, 12));
      for (const row of ledger.byDate) {
        const wire = JSON.parse(JSON.stringify(transactionWire(row))) as { date: string; amount: number; balance: number | null };
        expect(wire.date).toBe(`${row.date}T00:00:00.000Z`);
        expect(amountCents(wire.amount)).toBe(row.amountCents);
        expect(String(wire.amount)).toMatch(/^-?\d+(\.\d{1,2})?$/);
        if (wire.balance !== null) expect(amountCents(wire.balance)).toBe(row.balanceCents);
      }
    }
  });
});

describe('cursors', () => {
  it('are standard base64 with + / and =, and round-trip', () => {
    for (const c of [{ o: 'd', k: '2026-01-01', s: 0 }, { o: 'c', k: 1764547200000, s: 99_999 }, { o: 'i', n: 500 }] as const) {
      const s = encodeCursor(c);
      expect(s).toMatch(/\+/);
      expect(s).toMatch(/\//);
      expect(s).toMatch(/=$/);
      expect(decodeCursor(s)).toEqual(c);
    }
  });

  it('a cursor whose + arrived as a space, or that was tampered with, is refused', () => {
    const s = encodeCursor({ o: 'd', k: '2026-01-01', s: 3 });
    expect(decodeCursor(s.replaceAll('+', ' '))).toBeNull();
    expect(decodeCursor(s.slice(4))).toBeNull();
    expect(decodeCursor('MjAyNi0wMS0wMQ==')).toBeNull();
  });
});
