import { describe, expect, it } from 'vitest';
import { createRng, randInt } from '@/lib/synthetic/rng';
import { assign } from './assign';
import type { Option } from './candidates';
import type { PreparedReceivable } from './prepare';

// Options reduced to what the assignment reads: receivables and a value.
function opt(value: number, ...receivables: number[]): Option {
  return { net: value, receivables: receivables.map((index) => ({ index }) as PreparedReceivable) } as Option;
}
const value = (o: Option) => o.net;

function bruteForce(options: Option[][]): number {
  let best = 0;
  const used = new Set<number>();
  const visit = (t: number, total: number) => {
    if (t === options.length) {
      best = Math.max(best, total);
      return;
    }
    visit(t + 1, total);
    for (const o of options[t]!) {
      if (o.receivables.some((r) => used.has(r.index))) continue;
      for (const r of o.receivables) used.add(r.index);
      visit(t + 1, total + o.net);
      for (const r of o.receivables) used.delete(r.index);
    }
  };
  visit(0, 0);
  return best;
}

function totalOf(options: Option[][], chosen: Int32Array): number {
  const used = new Set<number>();
  let total = 0;
  chosen.forEach((j, t) => {
    if (j < 0) return;
    const o = options[t]![j]!;
    for (const r of o.receivables) {
      expect(used.has(r.index), 'a receivable paid twice').toBe(false);
      used.add(r.index);
    }
    total += o.net;
  });
  return total;
}

describe('assign', () => {
  it('one credit per receivable: the second-best credit takes its next option', () => {
    const options = [[opt(90, 0), opt(70, 1)], [opt(95, 0), opt(60)]];
    const { chosen } = assign(options, 2, value);
    // 90 + … : credit 0 → r1 (70) and credit 1 → r0 (95) = 165 beats 90 + 60.
    expect(Array.from(chosen)).toEqual([1, 0]);
  });

  it('a split group takes all its receivables or none', () => {
    const options = [[opt(100, 0, 1)], [opt(80, 1)], [opt(70, 0)]];
    const { chosen } = assign(options, 2, value);
    expect(totalOf(options, chosen)).toBe(150); // the two singles beat the pair
  });

  it('finds the optimum on random instances (against brute force)', () => {
    const rng = createRng(42);
    for (let round = 0; round < 300; round++) {
      const credits = randInt(rng, 1, 7);
      const receivables = randInt(rng, 1, 6);
      const options: Option[][] = [];
      for (let t = 0; t < credits; t++) {
        const list: Option[] = [];
        for (let k = randInt(rng, 0, 4); k > 0; k--) {
          const size = rng() < 0.2 ? 2 : 1;
          const rs = new Set<number>();
          while (rs.size < Math.min(size, receivables)) rs.add(randInt(rng, 0, receivables - 1));
          list.push(opt(randInt(rng, 1, 100), ...rs));
        }
        if (rng() < 0.3) list.push(opt(randInt(rng, 1, 50)));
        list.sort((a, b) => b.net - a.net);
        options.push(list);
      }
      const { chosen } = assign(options, receivables, value);
      expect(totalOf(options, chosen)).toBe(bruteForce(options));
    }
  });

  it('regret: two credits that could swap receivables are both close calls; a lone one is not', () => {
    const options = [
      [opt(100, 0), opt(98, 1)],
      [opt(100, 1), opt(97, 0)],
      [opt(100, 2), opt(40)],
    ];
    const { chosen, regret } = assign(options, 3, value);
    expect(Array.from(chosen)).toEqual([0, 0, 0]);
    expect(regret[0]).toBe(5); // 200 vs 98 + 97
    expect(regret[1]).toBe(5);
    expect(regret[2]).toBe(60);
  });

  it('ties go to the first credit in canonical order, whatever the values’ order of discovery', () => {
    const options = [[opt(50, 0)], [opt(50, 0)]];
    expect(Array.from(assign(options, 1, value).chosen)).toEqual([0, -1]);
  });
});
