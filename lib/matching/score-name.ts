// Payer name against the client's name (name-similarity.ts), as points.
import { compareNames, withinOneEdit, type NameComparison, type NameVerdict } from './name-similarity';
import type { PreparedCustomer, PreparedTransaction } from './prepare';
import type { Signal } from './signal';

/** Similarity at or below this earns nothing: a shared surname is family, not identity. */
export const NAME_ZERO = 0.45;
/** …and at or above this the full weight. */
export const NAME_FULL = 0.97;
/** Clients found by name words are kept as candidates from this similarity up. */
export const NAME_CANDIDATE_MIN = 0.5;

export type NameKind = NameVerdict | 'mapping' | 'absent' | 'by_amount' | 'relative';

/** A payer who shares the client's surname, read as a relative (see candidates.ts): weak, but not nothing. */
export const RELATIVE_FRACTION = 0.4;

/**
 * Another first name, and the payer's last name among the client's
 * surnames: "ANA SILVA" for "João Souza Silva". (The same first name too is
 * a namesake, not a relative.)
 */
export function sharesSurname(t: PreparedTransaction, c: PreparedCustomer): boolean {
  const words = c.name.ids;
  for (const n of t.names) {
    if (n.ids.length < 2 || n.company || c.name.company || n.ids[0] === words[0]) continue;
    const last = n.tokens[n.tokens.length - 1]!;
    const lastId = n.ids[n.ids.length - 1]!;
    for (let i = 1; i < words.length; i++) {
      if (words[i] === lastId) return true;
      const w = c.name.tokens[i]!;
      if (last.length >= 5 && w.length >= 5 && withinOneEdit(last, w)) return true;
    }
  }
  return false;
}

export interface NameSignal extends Signal<NameKind> {
  similarity: number;
}

export function nameFraction(similarity: number): number {
  if (similarity >= NAME_FULL) return 1;
  if (similarity <= NAME_ZERO) return 0;
  return (similarity - NAME_ZERO) / (NAME_FULL - NAME_ZERO);
}

export interface Similarity {
  similarity: number;
  verdict: NameVerdict;
}

/** Best similarity over the payer's names (payment data, description). */
export function nameSimilarity(t: PreparedTransaction, c: PreparedCustomer): Similarity {
  let best: NameComparison | null = null;
  for (const n of t.names) {
    const r = compareNames(n, c.name);
    if (!best || r.score > best.score) best = r;
  }
  return best ? { similarity: best.score, verdict: best.verdict } : { similarity: 0, verdict: 'different' };
}

/**
 * `viaMapping`: the payer's document is linked to this client, so whoever
 * the payer is by name, the firm already said they pay for this client.
 * `otherIdentity`: a document or contact was compared. Without any of them
 * a missing name still counts (at zero): identity must come from somewhere,
 * so amount and date alone cannot carry a match. Two exceptions, each for a
 * credit whose amount points at exactly one client (candidates.ts), and
 * each at most a suggestion: `amount_only`, a credit naming nobody (a
 * boleto settled with no payer data); `relative`, a payer with the
 * client's surname and a document of no client.
 */
export function scoreName(
  t: PreparedTransaction,
  sim: Similarity,
  viaMapping: boolean,
  otherIdentity: boolean,
  mode: 'normal' | 'amount_only' | 'relative' = 'normal',
): NameSignal {
  if (viaMapping) return { fraction: 1, counted: true, kind: 'mapping', similarity: sim.similarity };
  if (mode === 'amount_only') return { fraction: 0, counted: false, kind: 'by_amount', similarity: 0 };
  if (mode === 'relative') return { fraction: RELATIVE_FRACTION, counted: true, kind: 'relative', similarity: sim.similarity };
  if (t.names.length === 0) return { fraction: 0, counted: !otherIdentity, kind: 'absent', similarity: 0 };
  return { fraction: nameFraction(sim.similarity), counted: true, kind: sim.verdict, similarity: sim.similarity };
}
