// The checked-in golden dataset (generate.ts), run through reconcile() —
// the evaluation command's own function — must keep every metric at or
// above its target. A change that trades one of them away fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../contract';
import { evaluate, meetsTargets, type Truth } from '../metrics';
import { goldenDataset } from './generate';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as ReturnType<typeof goldenDataset>;
const truth = new Map<string, Truth>(Object.entries(golden.truth));

describe('golden dataset', () => {
  const { results } = reconcile(golden.input);
  const m = evaluate(results, truth);

  it('is what generate.ts makes (regenerate on purpose, not by accident)', () => {
    expect(JSON.parse(JSON.stringify(goldenDataset()))).toEqual(golden);
  });

  it('has one result per transaction and a truth for each', () => {
    expect(results.map((r) => r.transactionId)).toEqual(golden.input.transactions.map((t) => t.id));
    expect(m.clientPayments).toBeGreaterThan(150);
    expect(m.nonClient).toBeGreaterThan(50);
  });

  it('meets the targets: auto precision ≥ 99.5 %, coverage ≥ 90 %, wrongly claimed ≤ 2 %, receivable recall ≥ 90 %', () => {
    expect(meetsTargets(m), JSON.stringify({ ...m, byKind: undefined })).toEqual([]);
    expect(m.auto).toBeGreaterThan(50);
  });
});
