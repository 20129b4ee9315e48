// The five match weights always sum to 100: moving one slider takes the
// difference from (or gives it to) the others in proportion to what they
// hold, in whole points, so a person never has to do arithmetic.
export const WEIGHT_KEYS = ['document', 'name', 'contact', 'amount', 'date'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

export function rebalance(w: Weights, key: WeightKey, value: number): Weights {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  const others = WEIGHT_KEYS.filter((k) => k !== key);
  const rest = 100 - v;
  const held = others.reduce((a, k) => a + w[k], 0);
  // Shares of `rest` in proportion to what the others hold (equal when they hold nothing),
  // rounded down, then the leftover points to the largest remainders (ties: list order).
  const exact = others.map((k) => (held > 0 ? (w[k] * rest) / held : rest / others.length));
  const floors = exact.map(Math.floor);
  let left = rest - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - floors[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  const out = { ...w, [key]: v };
  others.forEach((k, i) => (out[k] = floors[i]!));
  return out;
}
