// The pure part of the flow: linking receivables to customers, cents as
// strings, and the page a GET answers (filters, summary, paging).
import { describe, expect, it } from 'vitest';
import { buildView, centsString, linkReceivables, type FullResult, type ReconRowDto } from './result';

const customers = [
  { id: 2, name: 'MARIA SILVA', document: '52998224725', email: null, phone: null },
  { id: 1, name: 'MARIA SILVA', document: '52998224725', email: null, phone: null },
  { id: 3, name: 'JOSÉ SOUZA', document: null, email: null, phone: null },
  { id: 4, name: 'ANA LIMA', document: null, email: null, phone: null },
  { id: 5, name: 'ANA LIMA', document: null, email: null, phone: null },
];
const rec = (id: number, doc: string | null, name: string | null) => ({ id, doc, name, cents: 10_000, due: '2026-11-10', desc: null });

describe('linkReceivables', () => {
  it('links by document (the same-named or lowest id), else by a unique name; homonyms without a document stay out', () => {
    const { linked, unlinked } = linkReceivables(customers, [rec(10, '52998224725', 'MARIA SILVA'), rec(11, null, 'Jose Souza'), rec(12, null, 'ANA LIMA'), rec(13, '11144477735', 'NINGUÉM')]);
    expect(linked.map((r) => [r.id, r.customerId])).toEqual([
      ['10', '1'],
      ['11', '3'],
    ]);
    expect(unlinked).toBe(2);
  });
});

describe('centsString', () => {
  it('is exact', () => {
    expect([centsString(0), centsString(5), centsString(150_050), centsString(-1234)]).toEqual(['0.00', '0.05', '1500.50', '-12.34']);
  });
});

function row(id: string, date: string, amount: string, status: ReconRowDto['status'], payerName: string): ReconRowDto {
  return {
    transaction: { id, date, amount, description: `PIX RECEBIDO - ${payerName}`, payerName, payerDocument: null, paymentMethod: 'PIX' },
    status,
    score: status === 'unmatched' ? 30 : 90,
    customer: status === 'unmatched' ? null : { id: '1', name: payerName, document: null },
    receivables: [],
    reasons: [],
    alternatives: [],
  };
}

const full: FullResult = {
  version: 1,
  computedAt: '2026-12-01T12:00:00.000Z',
  window: { from: '2025-12-01', to: '2026-12-01' },
  sources: { customers: { count: 1, complete: true, refreshedAt: null }, receivables: { count: 0, complete: true, fetchedAt: null, unlinked: 0, error: null } },
  rows: [row('a', '2026-11-20', '1500.00', 'auto', 'JOÃO PEREIRA'), row('b', '2026-11-10', '200.10', 'suggested', 'MARIA'), row('c', '2026-10-05', '99.90', 'unmatched', 'FULANO')],
  confirmed: [{ date: '2026-11-01', cents: 50_000 }],
};

describe('buildView', () => {
  it('sums per status exactly, counts confirmed credits, and pages', () => {
    const v = buildView(full, { status: 'all', limit: 2, offset: 0 });
    expect(v.summary).toEqual({
      total: { count: 3, amount: '1800.00' },
      auto: { count: 1, amount: '1500.00' },
      suggested: { count: 1, amount: '200.10' },
      unmatched: { count: 1, amount: '99.90' },
      confirmed: { count: 1, amount: '500.00' },
      matchRate: 0.75,
    });
    expect(v.rows.map((r) => r.transaction.id)).toEqual(['a', 'b']);
    expect(v.page).toEqual({ total: 3, limit: 2, offset: 0 });
  });

  it('filters by dates for everything, by status for the rows only, and by text (accents and amounts)', () => {
    const nov = buildView(full, { status: 'unmatched', from: '2026-11-01', to: '2026-11-30', limit: 10, offset: 0 });
    expect(nov.rows).toEqual([]);
    expect(nov.summary.total.count).toBe(2);
    expect(nov.summary.confirmed.count).toBe(1);
    expect(buildView(full, { status: 'all', q: 'joao', limit: 10, offset: 0 }).rows.map((r) => r.transaction.id)).toEqual(['a']);
    expect(buildView(full, { status: 'all', q: '1.500,00', limit: 10, offset: 0 }).rows.map((r) => r.transaction.id)).toEqual(['a']);
    const none = buildView({ ...full, rows: [], confirmed: [] }, { status: 'all', limit: 10, offset: 0 });
    expect(none.summary.matchRate).toBe(0);
  });
});
