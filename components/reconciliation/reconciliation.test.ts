// The Conciliação page's pure parts: the optimistic cache updates, the
// keyboard map (and when it stays quiet), the mask check of the Link dialog
// and the URL state.
import { describe, expect, it } from 'vitest';
import { fitsMask } from '@/components/reconciliation/link-dialog';
import { parseReconSearch, reconSearchString, viewParams } from '@/components/reconciliation/params';
import { queueActionOf } from '@/components/reconciliation/use-queue-keys';
import type { ReconciliationHistoryResponse, ReconciliationResponse, ReconRowDto } from '@/lib/hooks/types';
import { withoutRows, withUndone } from '@/lib/hooks/use-reconciliation';

const row = (id: string, status: ReconRowDto['status'], amount: string): ReconRowDto => ({
  transaction: { id, date: '2026-11-20', amount, description: 'PIX', payerName: 'ANA', payerDocument: '***.456.789-**', paymentMethod: 'PIX' },
  status,
  score: 90,
  customer: status === 'unmatched' ? null : { id: '9100001', name: 'Ana', document: null },
  receivables: status === 'unmatched' ? [] : [{ id: '17800001', amount, dueDate: '2026-11-20', description: null }],
  reasons: [],
  alternatives: [],
});

const view = (): ReconciliationResponse => ({
  computedAt: '2026-12-01T12:00:00.000Z',
  window: { from: '2025-12-01', to: '2026-12-01' },
  sources: { customers: { count: 1, complete: true, refreshedAt: null }, receivables: { count: 1, complete: true, fetchedAt: null, unlinked: 0, error: null } },
  summary: {
    total: { count: 3, amount: '1600.10' },
    auto: { count: 2, amount: '1500.10' },
    suggested: { count: 0, amount: '0.00' },
    unmatched: { count: 1, amount: '100.00' },
    confirmed: { count: 1, amount: '10.00' },
    matchRate: 0.75,
  },
  rows: [row('a', 'auto', '1000.05'), row('b', 'auto', '500.05'), row('c', 'unmatched', '100.00')],
  page: { total: 3, limit: 100, offset: 0 },
});

describe('optimistic updates', () => {
  it('a confirmed row leaves the queue and its amount moves to Conciliado, exactly', () => {
    const v = withoutRows(view(), new Set(['a']), { confirmed: true });
    expect(v.rows.map((r) => r.transaction.id)).toEqual(['b', 'c']);
    expect(v.summary.auto).toEqual({ count: 1, amount: '500.05' });
    expect(v.summary.total).toEqual({ count: 2, amount: '600.05' });
    expect(v.summary.confirmed).toEqual({ count: 2, amount: '1010.05' });
    expect(v.page.total).toBe(2);
  });

  it('a rejected row leaves the list; the summary waits for the server', () => {
    const before = view();
    const v = withoutRows(before, new Set(['a']), { confirmed: false });
    expect(v.rows).toHaveLength(2);
    expect(v.summary).toEqual(before.summary);
    expect(withoutRows(before, new Set(['zzz']), { confirmed: true })).toBe(before);
  });

  it('undo marks every record of the credit (a split) undone, or drops them from CONFIRMED lists', () => {
    const rec = (id: string, tx: string) => ({ id, status: 'CONFIRMED' as const, transaction: { id: tx } }) as unknown as ReconciliationHistoryResponse['items'][number];
    const h: ReconciliationHistoryResponse = { items: [rec('1', 't1'), rec('2', 't1'), rec('3', 't2')], total: 3 };
    expect(withUndone(h, 't1', true)).toEqual({ items: [h.items[2]], total: 1 });
    const all = withUndone(h, 't1', false, '2026-12-01T00:00:00.000Z');
    expect(all.items.map((r) => r.status)).toEqual(['UNDONE', 'UNDONE', 'CONFIRMED']);
    expect(all.total).toBe(3);
  });
});

describe('queue keys', () => {
  const noDialog: Pick<Document, 'querySelector'> = { querySelector: () => null };
  const withDialog: Pick<Document, 'querySelector'> = { querySelector: () => ({}) as Element };
  const target = (matches: string[]) => ({ closest: (sel: string) => (matches.some((m) => sel.split(',').map((x) => x.trim()).includes(m)) ? {} : null) });
  const press = (key: string, t: unknown = target([]), doc = noDialog, mods: Partial<KeyboardEvent> = {}) =>
    queueActionOf({ key, ctrlKey: false, metaKey: false, altKey: false, target: t as EventTarget, ...mods }, doc as unknown as Document);

  it('maps the keys', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'Enter', 'c', 'C', 'r', 'd', ' ', 'u', 'x'].map((k) => press(k))).toEqual([
      'next', 'next', 'prev', 'prev', 'confirm', 'confirm', 'confirm', 'reject', 'details', 'details', 'undo', 'select',
    ]);
    expect(press('q')).toBeNull();
  });

  it('stays quiet while typing, in a dialog, with modifiers, and for Enter/Space on a control', () => {
    expect(press('j', target(['input']))).toBeNull();
    expect(press('c', target(['textarea']))).toBeNull();
    expect(press('j', target([]), withDialog)).toBeNull();
    expect(press('r', target([]), noDialog, { ctrlKey: true })).toBeNull();
    expect(press('Enter', target(['button']))).toBeNull();
    expect(press(' ', target(['a']))).toBeNull();
    expect(press('j', target(['button']))).toBe('next');
  });
});

describe('link dialog mask check', () => {
  it('accepts the payer’s document (formatted or not) and refuses another', () => {
    expect(fitsMask('123.456.789-09', '***.456.789-**')).toBe(true);
    expect(fitsMask('12345678909', '***.456.789-**')).toBe(true);
    expect(fitsMask('111.444.777-35', '***.456.789-**')).toBe(false);
    expect(fitsMask('1234567890', '***.456.789-**')).toBe(false);
    expect(fitsMask('11.222.333/0001-81', '**.222.333/0001-**')).toBe(true);
  });
});

describe('URL state', () => {
  it('round-trips and drops invalid values', () => {
    const s = parseReconSearch(new URLSearchParams('tab=unmatched&q=ana&offset=100'));
    expect(s).toEqual({ tab: 'unmatched', q: 'ana', offset: 100 });
    expect(reconSearchString(s)).toBe('tab=unmatched&q=ana&offset=100');
    expect(parseReconSearch({ tab: 'nope', offset: '-3' })).toEqual({ tab: 'auto', q: undefined, offset: 0 });
    expect(viewParams({ tab: 'confirmed', offset: 100 })).toEqual({ status: 'auto', limit: 100 });
  });
});

describe('live updates', () => {
  it('reconciliation_ready refreshes the view and the history (both under the reconciliation root)', async () => {
    const { EVENT_QUERIES } = await import('@/lib/hooks/realtime/invalidation');
    const { queryKeys } = await import('@/lib/hooks/query-keys');
    expect(EVENT_QUERIES.reconciliation_ready).toContain('reconciliation');
    const root = queryKeys.root('reconciliation');
    for (const key of [queryKeys.reconciliation({ status: 'auto' }), queryKeys.reconciliationHistory({ status: 'CONFIRMED' })]) expect(key.slice(0, root.length)).toEqual(root);
  });
});
