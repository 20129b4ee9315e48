import { describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf, onlyDigits } from '@/lib/documents';
import { createRng } from '../rng';
import { abbreviateMiddle, bankName, changeCompanySuffix, dropMiddle, dropParticles, transposeLetter, truncate } from './distort';
import { addMonths } from './dates';
import { generateBook, openReceivables } from './index';

const ANCHOR = '2026-11-30';

describe('bank-side name distortions', () => {
  it('each one does what banks do', () => {
    const rng = createRng(1);
    expect(dropParticles('JOAO DA SILVA DOS SANTOS')).toBe('JOAO SILVA SANTOS');
    expect(abbreviateMiddle('JOAO SOUZA DA SILVA')).toBe('JOAO S DA SILVA');
    expect(abbreviateMiddle('ANA LIMA')).toBe('ANA LIMA');
    expect(dropMiddle(rng, 'ANA PAULA COSTA')).toBe('ANA COSTA');
    expect(truncate('MARIA APARECIDA DOS SANTOS OLIVEIRA', 20)).toBe('MARIA APARECIDA DOS');
    const t = transposeLetter(rng, 'SOUZA');
    expect(t).not.toBe('SOUZA');
    expect([...t].sort().join('')).toBe([...'SOUZA'].sort().join(''));
    const c = changeCompanySuffix(createRng(2), 'CONSTRUTORA ALMEIDA LTDA');
    expect(c.startsWith('CONSTRUTORA ALMEIDA')).toBe(true);
    expect(c).not.toBe('CONSTRUTORA ALMEIDA LTDA');
  });

  it('always upper-cases and strips accents; strength 0 does nothing else', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const d = bankName(rng, 'José Antônio da Conceição Araújo', 0);
      expect(d).toEqual({ name: 'JOSE ANTONIO DA CONCEICAO ARAUJO', distortions: [] });
    }
    const labels = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const l of bankName(rng, 'José Antônio da Conceição Araújo').distortions) labels.add(l);
    expect([...labels].sort()).toEqual(['abbreviate_middle', 'drop_middle', 'drop_particles', 'truncate', 'typo']);
  });
});

describe('generateBook', () => {
  const book = generateBook({ seed: 7, customers: 400, anchorDate: ANCHOR });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateBook({ seed: 7, customers: 400, anchorDate: ANCHOR })).toEqual(book);
    expect(generateBook({ seed: 8, customers: 400, anchorDate: ANCHOR }).customers[0]!.name).not.toBe(book.customers[0]!.name);
  });

  it('keeps the first clients and receivables when the book grows', () => {
    const bigger = generateBook({ seed: 7, customers: 800, anchorDate: ANCHOR });
    expect(bigger.customers.slice(0, 400)).toEqual(book.customers);
    const ids = new Set(book.customers.map((c) => c.id));
    const firstPlans = bigger.receivables.filter((r) => ids.has(r.customerId));
    expect(firstPlans.map((r) => ({ ...r, paidDate: null }))).toEqual(book.receivables.map((r) => ({ ...r, paidDate: null })));
  });

  it('gives clients valid documents, contacts and some shared names', () => {
    for (const c of book.customers) {
      if (c.document) expect(c.kind === 'COMPANY' ? isValidCnpj(c.document) : isValidCpf(c.document)).toBe(true);
      if (c.phone) expect(c.phone).toMatch(/^55\d{2}9\d{8}$/);
      for (const r of c.relatives) expect(r.documentType === 'CPF' ? isValidCpf(r.document) : isValidCnpj(r.document)).toBe(true);
    }
    const names = book.customers.map((c) => c.name);
    expect(new Set(names).size).toBeLessThan(names.length);
    expect(book.customers.some((c) => c.document === null)).toBe(true);
  });

  it('labels every credit with a truth that refers to the book', () => {
    const customers = new Map(book.customers.map((c) => [c.id, c]));
    const receivables = new Map(book.receivables.map((r) => [r.id, r]));
    const kinds = new Set(book.payments.map((p) => p.truth.kind));
    expect([...kinds].sort()).toEqual(['exact', 'fee_withheld', 'no_payer', 'partial', 'relative', 'relative_mapped', 'split', 'stranger']);
    for (const p of book.payments) {
      expect(Number.isInteger(p.amountCents) && p.amountCents > 0).toBe(true);
      expect(p.date <= ANCHOR && p.date >= addMonths(ANCHOR, -24)).toBe(true);
      if (p.payer.document) {
        const digits = onlyDigits(p.payer.document);
        expect(p.payer.document).not.toBe(digits);
        expect(digits.length === 11 ? isValidCpf(digits) : isValidCnpj(digits)).toBe(true);
      }
      if (p.truth.customerId === null) {
        expect(p.truth.receivableIds).toEqual([]);
        continue;
      }
      expect(customers.has(p.truth.customerId)).toBe(true);
      const group = p.truth.receivableIds.map((id) => receivables.get(id)!);
      for (const r of group) expect(r.customerId).toBe(p.truth.customerId);
      const due = group.reduce((s, r) => s + r.amountCents, 0);
      if (p.truth.kind === 'split') expect(group.length).toBeGreaterThan(1);
      if (p.truth.kind === 'split' || p.truth.kind === 'exact') expect(p.amountCents).toBe(due);
      if (p.truth.kind === 'partial') expect(p.amountCents).toBeLessThan(due);
      if (p.truth.kind === 'fee_withheld') expect(due - p.amountCents).toBeGreaterThanOrEqual(150);
    }
  });

  it('leaves recent payments open and marks old ones paid, as a firm that reconciles monthly', () => {
    const open = new Set(openReceivables(book).map((r) => r.id));
    const recent = book.payments.filter((p) => p.truth.kind === 'exact' && p.date > '2026-11-01');
    const old = book.payments.filter((p) => p.truth.kind === 'exact' && p.date < '2026-06-01');
    expect(recent.length).toBeGreaterThan(5);
    expect(recent.every((p) => p.truth.receivableIds.every((id) => open.has(id)))).toBe(true);
    expect(old.every((p) => p.truth.receivableIds.every((id) => !open.has(id)))).toBe(true);
  });

  it('names the payer in the description when the bank shows one', () => {
    const pix = book.payments.filter((p) => p.method === 'PIX' && p.payer.name);
    expect(pix.length).toBeGreaterThan(50);
    for (const p of pix) expect(p.description).toMatch(/^(PIX RECEBIDO|PIX RECEB|TRANSF PIX)/);
    expect(book.payments.some((p) => p.method === 'PIX' && !p.payer.name)).toBe(true);
    expect(book.payments.some((p) => p.method === 'BOLETO' && !p.payer.name && !p.payer.document)).toBe(true);
  });
});
