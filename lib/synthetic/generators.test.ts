import { describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf } from '@/lib/documents';
import { createCalendar, WINDOW_DAYS } from './calendar';
import { createFirmProfile } from './firm';
import { centsToDecimal, logUniformCents } from './money';
import { companyName, lawFirmName, personName, statementName } from './names';
import { createRng, deriveSeed, pickWeighted, randInt } from './rng';
import { generateTransaction, type SyntheticTransaction } from './transactions';

describe('rng', () => {
  it('is reproducible and seed-sensitive', () => {
    const seq = (seed: number) => Array.from({ length: 5 }, createRng(seed));
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
    expect(deriveSeed(42, 1, 2)).toBe(deriveSeed(42, 1, 2));
    expect(deriveSeed(42, 1, 2)).not.toBe(deriveSeed(42, 2, 1));
  });

  it('stays in range', () => {
    const rng = createRng(3);
    for (let i = 0; i < 10_000; i++) {
      const r = rng();
      expect(r >= 0 && r < 1).toBe(true);
      const n = randInt(rng, 1, 3);
      expect([1, 2, 3]).toContain(n);
    }
    expect(pickWeighted(rng, ['a', 'b'], [0, 1])).toBe('b');
  });
});

describe('money', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [10, '0.10'],
    [123456, '1234.56'],
    [-123456, '-1234.56'],
    [-7, '-0.07'],
    [99_999_999_999_999, '999999999999.99'],
  ])('%i cents → %s', (cents, text) => expect(centsToDecimal(cents)).toBe(text));

  it('rejects non-integers', () => {
    expect(() => centsToDecimal(1.5)).toThrow(RangeError);
  });

  it('log-uniform cents stay within bounds and are integers', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const c = logUniformCents(rng(), 50_000, 1_500_000);
      expect(Number.isInteger(c) && c >= 50_000 && c <= 1_500_000).toBe(true);
    }
  });
});

describe('names', () => {
  it('produces varied, plausible names', () => {
    const rng = createRng(5);
    const people = new Set(Array.from({ length: 500 }, () => personName(rng)));
    expect(people.size).toBeGreaterThan(300);
    expect(lawFirmName(rng)).toMatch(/Advoga|Advocacia/);
    expect(companyName(rng)).toMatch(/(Ltda|ME|EPP|S\.A\.|SLU)$/);
    expect(statementName('João da Conceição')).toBe('JOAO DA CONCEICAO');
  });
});

describe('calendar', () => {
  const cal = createCalendar(new Date('2026-11-29T15:00:00Z'));

  it('covers two years ending today (UTC days)', () => {
    expect(cal.days).toHaveLength(WINDOW_DAYS);
    expect(cal.last).toBe('2026-11-29');
    expect(cal.first).toBe('2024-11-29');
  });

  it('puts business-day payments on weekdays that are not holidays', () => {
    const rng = createRng(1);
    for (let i = 0; i < 2000; i++) {
      const day = cal.days[cal.businessDay(rng)]!;
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      expect(dow === 0 || dow === 6, day).toBe(false);
      expect(day.endsWith('-12-25') || day.endsWith('-01-01'), day).toBe(false);
    }
  });

  it('biases any-day payments to weekdays', () => {
    const rng = createRng(2);
    let weekend = 0;
    for (let i = 0; i < 10_000; i++) {
      const dow = new Date(`${cal.days[cal.anyDay(rng)]}T00:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) weekend++;
    }
    expect(weekend / 10_000).toBeLessThan(0.1);
    expect(weekend).toBeGreaterThan(0);
  });
});

describe('transactions', () => {
  const cal = createCalendar(new Date('2026-11-29T00:00:00Z'));
  const sample = (seed: number, n: number): SyntheticTransaction[] => {
    const rng = createRng(seed);
    const firm = createFirmProfile(rng, n);
    return Array.from({ length: n }, () => generateTransaction(rng, firm, cal));
  };
  const txs = sample(11, 20_000);

  it('are reproducible from the seed', () => {
    expect(sample(11, 200)).toEqual(sample(11, 200));
  });

  it('sign amounts by type, in integer cents', () => {
    for (const t of txs) {
      expect(Number.isSafeInteger(t.amountCents)).toBe(true);
      expect(t.type === 'CREDIT' ? t.amountCents > 0 : t.amountCents < 0).toBe(true);
    }
  });

  it('are mostly credits, PIX before TED before boleto', () => {
    const credits = txs.filter((t) => t.type === 'CREDIT');
    const share = credits.length / txs.length;
    expect(share).toBeGreaterThan(0.58);
    expect(share).toBeLessThan(0.72);
    const by = (m: string) => credits.filter((t) => t.paymentMethod === m).length;
    expect(by('PIX')).toBeGreaterThan(by('TED'));
    expect(by('TED')).toBeGreaterThan(by('BOLETO'));
    expect(by('BOLETO')).toBeGreaterThan(0);
  });

  it('carry valid payer documents (mostly CPF) and the payer in the description', () => {
    const withPayer = txs.filter((t) => t.payerName !== null);
    const documented = withPayer.filter((t) => t.payerDocument !== null);
    expect(documented.length / withPayer.length).toBeGreaterThan(0.9);
    for (const t of documented) {
      const ok = t.payerDocumentType === 'CPF' ? isValidCpf(t.payerDocument!) : isValidCnpj(t.payerDocument!);
      expect(ok, t.payerDocument!).toBe(true);
      expect(t.description).toContain(statementName(t.payerName!));
    }
    const cpfs = documented.filter((t) => t.payerDocumentType === 'CPF').length;
    expect(cpfs / documented.length).toBeGreaterThan(0.6);
    expect(cpfs).toBeLessThan(documented.length);
  });

  it('have fee-like credit amounts: honorários with some round values', () => {
    const credits = txs.filter((t) => t.type === 'CREDIT' && t.paymentMethod !== null);
    const inFeeRange = credits.filter((t) => t.amountCents >= 50_000 && t.amountCents <= 1_500_000);
    expect(inFeeRange.length / credits.length).toBeGreaterThan(0.75);
    const round = credits.filter((t) => t.amountCents % 10_000 === 0);
    expect(round.length / credits.length).toBeGreaterThan(0.2);
  });

  it('include debits of every kind and some ignored internal transfers', () => {
    const categories = new Set(txs.filter((t) => t.type === 'DEBIT').map((t) => t.category));
    for (const c of ['Salary', 'Rent', 'Taxes', 'Credit card payment', 'Bank fees', 'Services', 'Court fees']) {
      expect(categories).toContain(c);
    }
    const fees = txs.filter((t) => t.category === 'Bank fees');
    expect(fees.every((t) => t.amountCents > -20_000)).toBe(true);
    expect(txs.some((t) => t.ignored)).toBe(true);
  });
});
