// Which of several open same-amount instalments a credit pays: the oldest
// open one (Código Civil art. 355: without the debtor's indication, the
// payment goes to the debts that fell due first), unless the payment is on
// time for another or its description names one (art. 352: the debtor's
// indication). Hand-written cases; none from the book generator.
import { describe, expect, it } from 'vitest';
import { instalmentRef } from './instalment';
import { client, cpf, credit, due, only, reason, run } from './test-kit';
import type { MatchReceivable } from './types';

const JOAO = cpf(1);
const joao = client('c1', 'João Souza da Silva', { document: JOAO });
const pay = (date: string, id = 't1', description = '') => credit(id, { date, description, payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO });
const plan = (...dates: string[]): MatchReceivable[] =>
  dates.map((d, i) => ({ ...due(`r${i + 1}`, 'c1', 150_000, d), description: `Honorários - PARCELA ${i + 1}/10` }));

describe('what a text names', () => {
  it('an instalment number, with or without its total', () => {
    expect(instalmentRef('PIX RECEBIDO - JOAO SILVA - parc 3/10')).toMatchObject({ number: 3, of: 10 });
    expect(instalmentRef('TED JOAO SILVA PARCELA 03 DE 10')).toMatchObject({ number: 3, of: 10 });
    expect(instalmentRef('Pix joao prestação 4')).toMatchObject({ number: 4, of: 0 });
  });

  it('a bare "n/m" only in a receivable’s own description: on a statement line it may be a date', () => {
    expect(instalmentRef('Honorários 2/12', null, true)).toMatchObject({ number: 2, of: 12 });
    expect(instalmentRef('PIX RECEBIDO 05/12 JOAO SILVA')).toMatchObject({ number: 0 });
    expect(instalmentRef('PARC 12/05 JOAO')).toMatchObject({ number: 0 });
  });

  it('a month by its full name, not the payer’s own name', () => {
    expect(instalmentRef('PIX RECEBIDO - JOAO SILVA - honorarios março')).toMatchObject({ month: 3 });
    expect(instalmentRef('PIX RECEBIDO - MARCO ANTONIO SOUZA', new Set(['MARCO', 'ANTONIO', 'SOUZA']))).toMatchObject({ month: 0 });
    expect(instalmentRef('PIX RECEBIDO - JOAO SILVA')).toMatchObject({ number: 0, month: 0 });
  });
});

describe('open instalments of the same amount', () => {
  it('a late credit pays the oldest open one, even when its date lies nearer the next', () => {
    // 23 days after r1, 8 days before r2: the dates alone would pick r2.
    const r = only({ customers: [joao], transactions: [pay('2026-03-28')], receivables: plan('2026-03-05', '2026-04-05') });
    expect(r).toMatchObject({ receivableIds: ['r1'], status: 'suggested' });
    expect(r.alternatives.map((a) => a.receivableIds)).toContainEqual(['r2']);
    expect(reason(r, 'date').message).toMatch(/parcela em aberto mais antiga/);
  });

  it('on time for a later one (paid ahead close to its due date, or on it): that one', () => {
    expect(only({ customers: [joao], transactions: [pay('2026-04-01')], receivables: plan('2026-03-05', '2026-04-05') }).receivableIds).toEqual(['r2']);
    expect(only({ customers: [joao], transactions: [pay('2026-04-07')], receivables: plan('2026-03-05', '2026-04-05') }).receivableIds).toEqual(['r2']);
  });

  it('paid early, before any is due: the first one', () => {
    expect(only({ customers: [joao], transactions: [pay('2026-02-22')], receivables: plan('2026-03-05', '2026-04-05') }).receivableIds).toEqual(['r1']);
  });

  it('the oldest within the late window: one overdue for months is no current debt', () => {
    const r = only({ customers: [joao], transactions: [pay('2026-03-28')], receivables: plan('2026-01-05', '2026-03-05', '2026-04-05') });
    expect(r.receivableIds).toEqual(['r2']);
  });

  it('a late credit for two instalments pays the two oldest open ones', () => {
    const r = only({ customers: [joao], transactions: [{ ...pay('2026-03-28'), amountCents: 300_000 }], receivables: plan('2026-03-05', '2026-04-05', '2026-05-05', '2026-06-05') });
    expect(r.receivableIds).toEqual(['r1', 'r2']);
  });

  it('two credits and two instalments: the earlier credit pays the older one, whatever the input order', () => {
    const input = { customers: [joao], transactions: [pay('2026-03-20', 't1'), pay('2026-03-28', 't2')], receivables: plan('2026-03-05', '2026-04-05') };
    const a = run(input);
    const b = run({ ...input, transactions: [...input.transactions].reverse(), receivables: [...input.receivables].reverse() });
    expect(a.get('t1')!.receivableIds).toEqual(['r1']);
    expect(a.get('t2')!.receivableIds).toEqual(['r2']);
    expect([...b.values()].sort((x, y) => x.transactionId.localeCompare(y.transactionId))).toEqual([...a.values()]);
  });

  it('a description naming the instalment wins over the dates and the oldest-first rule', () => {
    // 17 days after r1, 14 before r2: dates and age both say r1.
    const r = only({ customers: [joao], transactions: [pay('2026-03-22', 't1', 'PIX RECEBIDO - JOAO SOUZA DA SILVA - parc 2/10')], receivables: plan('2026-03-05', '2026-04-05') });
    expect(r.receivableIds).toEqual(['r2']);
    expect(reason(r, 'date').message).toMatch(/descrição do lançamento indica esta parcela/);
  });

  it('a description naming the month: the instalment due (or described) in it', () => {
    const receivables = plan('2026-03-05', '2026-04-05').map((x) => ({ ...x, description: 'Honorários' }));
    const r = only({ customers: [joao], transactions: [pay('2026-03-22', 't1', 'PIX RECEBIDO JOAO SOUZA - REFERENTE ABRIL')], receivables });
    expect(r.receivableIds).toEqual(['r2']);
  });

  it('named by the payer and proven by the document, on its due date: no doubt left, auto', () => {
    const r = only({ customers: [joao], transactions: [pay('2026-04-05', 't1', 'PIX RECEBIDO JOAO SOUZA DA SILVA PARCELA 2/10')], receivables: plan('2026-03-08', '2026-04-05') });
    expect(r).toMatchObject({ receivableIds: ['r2'], status: 'auto' });
  });
});
