import { describe, expect, it } from 'vitest';
import type { MatchStatus } from '@/lib/matching/types';
import { compareResults } from './preview';
import type { ReconRowDto } from './result';

const row = (id: string, status: MatchStatus, customer: string | null, receivables: string[] = []): ReconRowDto => ({
  transaction: { id, date: '2026-11-02', amount: '100.00', description: 'PIX', payerName: null, payerDocument: null, paymentMethod: 'PIX' },
  status,
  score: 0,
  customer: customer ? { id: customer, name: customer, document: null } : null,
  receivables: receivables.map((r) => ({ id: r, amount: '100.00', dueDate: '2026-11-01', description: null })),
  reasons: [],
  alternatives: [],
});

describe('compareResults', () => {
  it('counts statuses on both sides, moves per pair (largest first), and changed matches', () => {
    const current = [row('t1', 'auto', 'c1', ['r1']), row('t2', 'auto', 'c2', ['r2']), row('t3', 'suggested', 'c3', ['r3']), row('t4', 'unmatched', null)];
    const proposed = [row('t1', 'suggested', 'c1', ['r1']), row('t2', 'suggested', 'c2', ['r2']), row('t3', 'suggested', 'c4', ['r4']), row('t4', 'suggested', 'c5')];
    expect(compareResults(current, proposed)).toEqual({
      current: { auto: 2, suggested: 1, unmatched: 1 },
      proposed: { auto: 0, suggested: 4, unmatched: 0 },
      statusChanged: 3,
      matchChanged: 2,
      transitions: [
        { from: 'auto', to: 'suggested', count: 2 },
        { from: 'unmatched', to: 'suggested', count: 1 },
      ],
    });
  });

  it('identical results change nothing', () => {
    const rows = [row('t1', 'auto', 'c1', ['r1']), row('t2', 'unmatched', null)];
    const r = compareResults(rows, rows);
    expect([r.statusChanged, r.matchChanged, r.transitions]).toEqual([0, 0, []]);
  });
});
