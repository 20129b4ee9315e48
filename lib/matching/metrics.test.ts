import { describe, expect, it } from 'vitest';
import { evaluate, meetsTargets, type Truth } from './metrics';

const truth = new Map<string, Truth>([
  ['a', { kind: 'exact', customerId: 'c1', receivableIds: ['r1'], distortions: [] }],
  ['b', { kind: 'split', customerId: 'c2', receivableIds: ['r2', 'r3'], distortions: [] }],
  ['c', { kind: 'relative', customerId: 'c3', receivableIds: ['r4'], distortions: [] }],
  ['d', { kind: 'stranger', customerId: null, receivableIds: [], distortions: [] }],
  ['e', { kind: 'debit', customerId: null, receivableIds: [], distortions: [] }],
]);

describe('evaluate', () => {
  it('counts each metric as bench/README.md defines it', () => {
    const m = evaluate(
      [
        { transactionId: 'a', customerId: 'c1', receivableIds: ['r1'], status: 'auto' }, // correct auto
        { transactionId: 'b', customerId: 'c2', receivableIds: ['r2'], status: 'auto' }, // right client, half the split: a wrong auto
        { transactionId: 'c', customerId: 'c3', receivableIds: [], status: 'suggested' }, // covered, receivable not recalled
        { transactionId: 'd', customerId: 'c1', receivableIds: ['r9'], status: 'suggested' }, // wrongly claimed
        { transactionId: 'e', customerId: null, receivableIds: [], status: 'unmatched' },
      ],
      truth,
    );
    expect(m).toMatchObject({ transactions: 5, clientPayments: 3, nonClient: 2, nonClientCredits: 1, auto: 2, autoCorrect: 1 });
    expect(m.autoPrecision).toBe(0.5);
    expect(m.coverage).toBe(1);
    expect(m.wronglyClaimed).toBe(0.5);
    expect(m.wronglyClaimedCredits).toBe(1);
    expect(m.receivableRecall).toBe(2 / 4); // r1, r2 of r1–r4
    expect(meetsTargets(m)).toHaveLength(3);
  });

  it('an unmatched client payment is neither covered nor recalled, and a wrong client covers nothing', () => {
    const m = evaluate(
      [
        { transactionId: 'a', customerId: null, receivableIds: [], status: 'unmatched' },
        { transactionId: 'b', customerId: 'c9', receivableIds: ['r2', 'r3'], status: 'suggested' },
        { transactionId: 'c', customerId: 'c3', receivableIds: ['r4'], status: 'unmatched' },
        { transactionId: 'd', customerId: null, receivableIds: [], status: 'unmatched' },
        { transactionId: 'e', customerId: null, receivableIds: [], status: 'unmatched' },
      ],
      truth,
    );
    expect(m.coverage).toBe(0);
    expect(m.receivableRecall).toBe(0);
    expect(m.autoPrecision).toBe(1); // nothing auto
  });
});
