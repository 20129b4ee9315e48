// How alike a payer name on a statement and a client's name are, in [0, 1],
// surviving what banks do: middle names abbreviated ("JOAO S SILVA") or
// dropped, the field cut at 20–25 characters (mid-word), a transposed
// letter, particles and company suffixes (normalize.ts). Names keep their
// order, so tokens are aligned monotonically (a small DP: names have ≤ 6
// words). Each word weighs 1 at the ends (first name, last surname) and
// MIDDLE_WEIGHT in the middle, where banks abbreviate and drop; the score is
// the matched weight over all weight, Dice-style, so missing and extra words
// both cost.
import { nameParts, type NameParts } from './normalize';

const MIDDLE_WEIGHT = 0.6;
/** Quality of a pairing of two words. */
const Q_EXACT = 1;
const Q_TYPO = 0.85;
const Q_INITIAL = 0.7;
/** A different first name is a different person (a relative, often): the score is scaled by this. */
const FIRST_NAME_MISMATCH = 0.4;
/** Neither last word matched anything: a different family. */
const LAST_NAME_MISMATCH = 0.6;
/** A payer name at least this long may have been cut by the bank's field (banks cut at 20–40). */
const TRUNCATION_MIN_LENGTH = 18;
/** A match that needs the truncation to explain it ranks just below a full one. */
const TRUNCATION_DISCOUNT = 0.97;

export interface PreparedName extends NameParts {
  /** Interned token ids (same word ⇒ same id within one TokenTable). */
  ids: Int32Array;
  /** Same words and length ⇒ same key: clients with one name are compared once per credit. */
  key: number;
}

/** Interns words so comparing two of them is comparing two integers. */
export class TokenTable {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<string, number>();
  /** The same payer name recurs across a statement: prepared once. */
  private readonly prepared = new Map<string, PreparedName>();

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(word, id);
    }
    return id;
  }

  prepare(name: string): PreparedName {
    const cached = this.prepared.get(name);
    if (cached) return cached;
    const p = this.build(name);
    this.prepared.set(name, p);
    return p;
  }

  private build(name: string): PreparedName {
    const parts = nameParts(name);
    const ids = new Int32Array(parts.tokens.length);
    for (let i = 0; i < ids.length; i++) ids[i] = this.id(parts.tokens[i]!);
    const signature = `${parts.foldedLength}:${parts.company ? 1 : 0}:${ids.join(',')}`;
    let key = this.names.get(signature);
    if (key === undefined) {
      key = this.names.size;
      this.names.set(signature, key);
    }
    return { tokens: parts.tokens, foldedLength: parts.foldedLength, company: parts.company, ids, key };
  }

  /** How many distinct names were prepared (keys are below this). */
  get nameCount(): number {
    return this.names.size;
  }
}

/** Optimal string alignment distance ≤ 1 (one substitution, insertion, deletion or adjacent swap). Allocation-free. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (tailEqual(a, i + 1, b, i + 1)) return true; // substitution at i
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && tailEqual(a, i + 2, b, i + 2);
  }
  return la > lb ? tailEqual(a, i + 1, b, i) : tailEqual(a, i, b, i + 1);
}

function tailEqual(a: string, ai: number, b: string, bi: number): boolean {
  if (a.length - ai !== b.length - bi) return false;
  for (; ai < a.length; ai++, bi++) if (a.charCodeAt(ai) !== b.charCodeAt(bi)) return false;
  return true;
}

function wordQuality(p: string, pid: number, c: string, cid: number, pIsFirst: boolean): number {
  if (pid === cid) return Q_EXACT;
  const p0 = p.charCodeAt(0);
  const c0 = c.charCodeAt(0);
  if (p0 !== c0) {
    // A transposition of the first two letters is the only edit that changes the first letter.
    return p.length >= 4 && p.length === c.length && p0 === c.charCodeAt(1) && p.charCodeAt(1) === c0 && tailEqual(p, 2, c, 2) ? Q_TYPO : 0;
  }
  if (p.length === 1 || c.length === 1) return pIsFirst ? Q_INITIAL * 0.7 : Q_INITIAL;
  if (p.length >= 4 && c.length >= 4 && withinOneEdit(p, c)) return Q_TYPO;
  return 0;
}

/** The payer's last word, cut by the bank, against a client's word. */
function prefixQuality(p: string, c: string): number {
  if (p.length >= c.length || !c.startsWith(p)) return 0;
  if (p.length === 1) return Q_INITIAL;
  return 0.5 + (0.5 * p.length) / c.length;
}

export type NameVerdict = 'exact' | 'equivalent' | 'partial' | 'family' | 'different';

export interface NameComparison {
  score: number;
  verdict: NameVerdict;
}

const EXACT: NameComparison = Object.freeze({ score: 1, verdict: 'exact' });
/** Upper bounds of what a different first name scores (FIRST_NAME_MISMATCH × at most 1). */
const FAMILY: NameComparison = Object.freeze({ score: 0.5 * FIRST_NAME_MISMATCH, verdict: 'family' });
const DIFFERENT: NameComparison = Object.freeze({ score: 0.25 * FIRST_NAME_MISMATCH, verdict: 'different' });

const weightAt = (i: number, n: number) => (i === 0 || i === n - 1 ? 1 : MIDDLE_WEIGHT);

function totalWeight(n: number): number {
  return n <= 2 ? n : 2 + (n - 2) * MIDDLE_WEIGHT;
}

// Scratch buffers reused across calls (names are short; this runs millions of times).
let dp = new Float64Array(64);
let firstUsed = new Uint8Array(64);

export function compareNames(payer: PreparedName, customer: PreparedName): NameComparison {
  const m = payer.ids.length;
  const n = customer.ids.length;
  if (m === 0 || n === 0) return { score: 0, verdict: 'different' };
  if (m === n) {
    let same = true;
    for (let i = 0; i < m; i++) if (payer.ids[i] !== customer.ids[i]) same = false;
    if (same) return EXACT;
  }
  // A different first name caps the score below anything that earns points,
  // so the alignment is not worth computing: only the verdict matters.
  if (wordQuality(payer.tokens[0]!, payer.ids[0]!, customer.tokens[0]!, customer.ids[0]!, true) < Q_TYPO) {
    return lastWordsMatched(payer, customer) ? FAMILY : DIFFERENT;
  }
  const cols = n + 1;
  const size = (m + 1) * cols;
  if (dp.length < size) {
    dp = new Float64Array(size * 2);
    firstUsed = new Uint8Array(size * 2);
  }
  // dp[i][j]: best matched weight aligning payer[0, i) with customer[0, j);
  // firstUsed marks alignments where the first words were paired well.
  for (let j = 0; j <= n; j++) {
    dp[j] = 0;
    firstUsed[j] = 0;
  }
  const pt = payer.tokens;
  const ct = customer.tokens;
  for (let i = 1; i <= m; i++) {
    const row = i * cols;
    dp[row] = 0;
    firstUsed[row] = 0;
    const wp = weightAt(i - 1, m);
    for (let j = 1; j <= n; j++) {
      let best = dp[row - cols + j]!;
      let bestFirst = firstUsed[row - cols + j]!;
      const left = dp[row + j - 1]!;
      if (left > best) {
        best = left;
        bestFirst = firstUsed[row + j - 1]!;
      }
      const q = wordQuality(pt[i - 1]!, payer.ids[i - 1]!, ct[j - 1]!, customer.ids[j - 1]!, i === 1);
      if (q > 0) {
        const diag = dp[row - cols + j - 1]! + q * (wp + weightAt(j - 1, n));
        if (diag > best) {
          best = diag;
          bestFirst = i === 1 && j === 1 && q >= Q_TYPO ? 1 : firstUsed[row - cols + j - 1]!;
        }
      }
      dp[row + j] = best;
      firstUsed[row + j] = bestFirst;
    }
  }
  const denominator = totalWeight(m) + totalWeight(n);
  let score = dp[m * cols + n]! / denominator;
  let first = firstUsed[m * cols + n] === 1;
  let lastMatched = lastWordsMatched(payer, customer);

  // The bank may have cut the name: the client's words after the one the
  // payer's last (possibly partial) word stands for were never shown.
  if (payer.foldedLength >= TRUNCATION_MIN_LENGTH && payer.foldedLength < customer.foldedLength && m >= 2) {
    const pLast = pt[m - 1]!;
    for (let k = 1; k < n; k++) {
      const q = Math.max(prefixQuality(pLast, ct[k]!), payer.ids[m - 1] === customer.ids[k] ? Q_EXACT : 0);
      if (q === 0) continue;
      // Words before k keep their weights; word k is now the client's last.
      const head = dp[(m - 1) * cols + k]!;
      const mass = head + q * 2;
      const denom = totalWeight(m) + (k === 0 ? 1 : 2 + (k - 1) * MIDDLE_WEIGHT);
      const s = (mass / denom) * TRUNCATION_DISCOUNT;
      if (s > score) {
        score = s;
        first = firstUsed[(m - 1) * cols + k] === 1;
        lastMatched = true;
      }
    }
  }
  if (!first) score *= FIRST_NAME_MISMATCH;
  else if (!lastMatched) score *= LAST_NAME_MISMATCH;
  return { score, verdict: verdictFor(score, first, lastMatched) };
}

function lastWordsMatched(payer: PreparedName, customer: PreparedName): boolean {
  const p = payer.ids[payer.ids.length - 1]!;
  const c = customer.ids[customer.ids.length - 1]!;
  if (p === c) return true;
  const pw = payer.tokens[payer.tokens.length - 1]!;
  const cw = customer.tokens[customer.tokens.length - 1]!;
  return pw.length >= 4 && cw.length >= 4 && withinOneEdit(pw, cw);
}

function verdictFor(score: number, first: boolean, last: boolean): NameVerdict {
  if (!first) return last ? 'family' : 'different';
  if (score >= 0.97) return 'exact';
  if (score >= 0.8) return 'equivalent';
  if (score >= 0.5) return 'partial';
  return 'different';
}
