import { describe, expect, it } from 'vitest';
import { rebalance, WEIGHT_KEYS, type Weights } from '@/components/settings/weights';

const DEFAULTS: Weights = { document: 40, name: 25, contact: 5, amount: 20, date: 10 };
const sum = (w: Weights) => WEIGHT_KEYS.reduce((a, k) => a + w[k], 0);

describe('rebalance', () => {
  it('gives the others the difference in proportion to what they hold', () => {
    // document 40 → 60: the other 60 points shrink to 40 (× 2/3).
    expect(rebalance(DEFAULTS, 'document', 60)).toEqual({ document: 60, name: 17, contact: 3, amount: 13, date: 7 });
    // document 40 → 20: the others grow × 4/3.
    expect(rebalance(DEFAULTS, 'document', 20)).toEqual({ document: 20, name: 33, contact: 7, amount: 27, date: 13 });
  });

  it('always sums to exactly 100, for every key and value', () => {
    for (const key of WEIGHT_KEYS) for (let v = -5; v <= 105; v += 1) expect(sum(rebalance(DEFAULTS, key, v)), `${key}=${v}`).toBe(100);
  });

  it('clamps to 0–100, rounds to whole points, and shares equally when the others hold nothing', () => {
    expect(rebalance(DEFAULTS, 'name', 150)).toEqual({ document: 0, name: 100, contact: 0, amount: 0, date: 0 });
    expect(rebalance({ document: 0, name: 100, contact: 0, amount: 0, date: 0 }, 'name', 60)).toEqual({ document: 10, name: 60, contact: 10, amount: 10, date: 10 });
    expect(rebalance(DEFAULTS, 'date', 10.4)).toEqual(DEFAULTS);
  });
});
