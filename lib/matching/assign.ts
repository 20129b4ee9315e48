// One credit pays at most one receivable (or one split group) and one
// receivable is paid by at most one credit: choose, for every credit, one of
// its options so that the total score is maximal. Credits only compete
// through shared receivables, so the problem splits into connected
// components, nearly all of one or two credits; each is solved exactly by
// branch and bound in canonical order (credits by id, options best first,
// then by id), so the answer does not depend on input order and ties go to
// the lexicographically first choice. A component too large for the node
// budget falls back to a greedy pass; the run's stats count such components.
import type { Option } from './candidates';

/** Search nodes per component before falling back to greedy. */
const NODE_BUDGET = 200_000;

export interface AssignStats {
  components: number;
  largestComponent: number;
  /** Components (of ≥ 2 credits) solved by the exact search. */
  exact: number;
  /** Components that hit the node budget and were solved greedily (not proven optimal). */
  greedy: number;
}

export interface Assignment {
  /** Per credit, the index of its chosen option, or -1. */
  chosen: Int32Array;
  /**
   * Per credit with a choice: how much the best assignment that denies it
   * that choice is worth less (in objective units) — the runner-up margin
   * seen from the whole component, so two credits that could swap
   * receivables are both close calls. Infinity when there is no other way.
   */
  regret: Float64Array;
  stats: AssignStats;
}

type Value = (o: Option) => number;

/**
 * `options[t]`: credit t's assignable options in canonical order (best
 * first). `value(o)` is what the assignment maximises the sum of;
 * `regretValue(o)` what the regrets are measured in (by default the same):
 * a choice made by a convention rather than by evidence (instalment.ts)
 * must not look like a wide margin. A regret may then be negative: the
 * evidence alone would have chosen otherwise.
 */
export function assign(
  options: readonly (readonly Option[])[],
  receivableCount: number,
  value: Value,
  needsRegret: (o: Option) => boolean = () => true,
  regretValue: Value = value,
): Assignment {
  const n = options.length;
  const chosen = new Int32Array(n).fill(-1);
  const regret = new Float64Array(n).fill(Infinity);
  const stats: AssignStats = { components: 0, largestComponent: 0, exact: 0, greedy: 0 };

  // Union-find over credits that share a receivable in any option.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const firstUser = new Int32Array(receivableCount).fill(-1);
  for (let t = 0; t < n; t++) {
    for (const o of options[t]!) {
      for (const r of o.receivables) {
        const u = firstUser[r.index]!;
        if (u === -1) firstUser[r.index] = t;
        else {
          const a = find(u);
          const b = find(t);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
  }
  const members = new Map<number, number[]>();
  for (let t = 0; t < n; t++) {
    if (options[t]!.length === 0) continue;
    const root = find(t);
    const list = members.get(root);
    if (list) list.push(t);
    else members.set(root, [t]);
  }

  // Components never share a receivable, so one scratch array serves all (left clean after each).
  const used = new Int32Array(receivableCount).fill(-1);
  for (const component of members.values()) {
    stats.components++;
    stats.largestComponent = Math.max(stats.largestComponent, component.length);
    if (component.length === 1) {
      const t = component[0]!;
      const opts = options[t]!;
      chosen[t] = bestIndex(opts, value);
      regret[t] = regretAlone(opts, chosen[t]!, regretValue);
      continue;
    }
    const solved = bestAreCompatible(component, options, value) ?? solveExact(component, options, used, value, null);
    if (!solved) {
      stats.greedy++;
      solveGreedy(component, options, chosen, value);
      for (const t of component) if (chosen[t]! >= 0) regret[t] = regretAlone(options[t]!, chosen[t]!, regretValue);
      continue;
    }
    stats.exact++;
    component.forEach((t, i) => (chosen[t] = solved.pick[i]!));
    let total = 0;
    for (let i = 0; i < component.length; i++) if (solved.pick[i]! >= 0) total += regretValue(options[component[i]!]![solved.pick[i]!]!);
    for (let i = 0; i < component.length; i++) {
      const t = component[i]!;
      const j = solved.pick[i]!;
      if (j < 0 || !needsRegret(options[t]![j]!)) continue;
      const without = solveExact(component, options, used, regretValue, { credit: i, option: j });
      regret[t] = without ? total - without.total : regretAlone(options[t]!, j, regretValue);
    }
  }
  return { chosen, regret, stats };
}

/**
 * When no two credits' best options share a receivable, taking each one's
 * best is the optimum (no search needed; the regrets still are).
 */
function bestAreCompatible(component: readonly number[], options: readonly (readonly Option[])[], value: Value): { pick: number[]; total: number } | null {
  const taken = new Set<number>();
  const pick: number[] = [];
  let total = 0;
  for (const t of component) {
    const j = bestIndex(options[t]!, value);
    const o = options[t]![j]!;
    for (const r of o.receivables) {
      if (taken.has(r.index)) return null;
      taken.add(r.index);
    }
    pick.push(j);
    total += value(o);
  }
  return { pick, total };
}

/** The option of highest value, the first one on ties (canonical order). */
function bestIndex(opts: readonly Option[], value: Value): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let j = 0; j < opts.length; j++) {
    const v = value(opts[j]!);
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

/** Chosen option's value minus the best other option's (a lone credit: none can be taken by anyone else). */
function regretAlone(opts: readonly Option[], j: number, value: Value): number {
  let other = 0; // "nothing" is always possible
  for (let k = 0; k < opts.length; k++) if (k !== j) other = Math.max(other, value(opts[k]!));
  return value(opts[j]!) - other;
}

/**
 * Exact branch and bound over one component; `forbid` excludes one credit's
 * option (for the regret). Null when the node budget runs out.
 */
function solveExact(
  component: readonly number[],
  options: readonly (readonly Option[])[],
  used: Int32Array,
  value: Value,
  forbid: { credit: number; option: number } | null,
): { pick: number[]; total: number } | null {
  const k = component.length;
  const values = component.map((t) => options[t]!.map(value));
  // Options in order of value (ties: canonical order) find good totals early.
  const orders = values.map((vals) => vals.map((_, j) => j).sort((a, b) => vals[b]! - vals[a]! || a - b));
  const suffixMax = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) suffixMax[i] = suffixMax[i + 1]! + Math.max(0, values[i]![orders[i]![0]!] ?? 0);
  const pick = new Int32Array(k).fill(-1);
  let best: number[] | null = null;
  let bestTotal = -1;
  let nodes = 0;
  let aborted = false;

  const visit = (i: number, total: number): void => {
    if (++nodes > NODE_BUDGET) {
      aborted = true;
      return;
    }
    if (i === k) {
      // Strictly better only: the first optimum in canonical order wins ties.
      if (total > bestTotal) {
        bestTotal = total;
        best = Array.from(pick);
      }
      return;
    }
    if (total + suffixMax[i]! <= bestTotal) return;
    const t = component[i]!;
    const opts = options[t]!;
    const vals = values[i]!;
    for (const j of orders[i]!) {
      if (forbid && forbid.credit === i && forbid.option === j) continue;
      const o = opts[j]!;
      let free = true;
      for (const r of o.receivables) if (used[r.index] !== -1) free = false;
      if (!free) continue;
      for (const r of o.receivables) used[r.index] = t;
      pick[i] = j;
      visit(i + 1, total + vals[j]!);
      for (const r of o.receivables) used[r.index] = -1;
      if (aborted) return;
    }
    pick[i] = -1;
    visit(i + 1, total);
  };
  visit(0, 0);
  return aborted || !best ? null : { pick: best, total: bestTotal };
}

/** Highest value first, ties by credit and option order; not proven optimal. */
function solveGreedy(component: readonly number[], options: readonly (readonly Option[])[], chosen: Int32Array, value: Value): void {
  const pairs: { t: number; j: number; v: number; o: Option }[] = [];
  for (const t of component) options[t]!.forEach((o, j) => pairs.push({ t, j, v: value(o), o }));
  pairs.sort((a, b) => b.v - a.v || a.t - b.t || a.j - b.j);
  const taken = new Set<number>();
  for (const { t, j, o } of pairs) {
    if (chosen[t] !== -1) continue;
    if (o.receivables.some((r) => taken.has(r.index))) continue;
    for (const r of o.receivables) taken.add(r.index);
    chosen[t] = j;
  }
}
