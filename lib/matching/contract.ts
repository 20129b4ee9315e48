// The evaluation command's contract (`npm run reconcile`), as one pure
// function: the parsed JSON document in, the JSON document out. The CLI
// and the golden-set test both go through reconcile(), so what is measured
// is what is shipped.
import { InputError, parseInputDocument, type Id } from './contract-input';
import { matchRun, type MatchRunStats } from './engine';
import { resolveSettings, type MatchSettings, type MatchSettingsInput } from './settings';
import type { Criterion, MatchReason, MatchResult, MatchStatus } from './types';

export { InputError };

// The settings are validated by hand, like the rest of the input
// (contract-input.ts): a schema library is most of the command's bundle,
// which every run loads and compiles.
const WEIGHT_KEYS = ['document', 'name', 'contact', 'amount', 'date', 'weightDocument', 'weightName', 'weightContact', 'weightAmount', 'weightDate'] as const;
const THRESHOLD_KEYS = ['high', 'medium', 'thresholdHigh', 'thresholdMedium'] as const;
const KNOB_KEYS = [
  'feeToleranceCents',
  'feeToleranceShare',
  'overpayToleranceShare',
  'autoMarginPoints',
  'dateFullDays',
  'dateEarlyDays',
  'dateLateDays',
  'overdueMaxDays',
  'splitMaxReceivables',
  'splitSpanDays',
  'maxAlternatives',
] as const;

type Numbers<K extends string> = { [k in K]?: number };

/** The settings as the contract accepts them (all optional; unknown keys are ignored). */
export type ContractSettings =
  | (Numbers<(typeof KNOB_KEYS)[number]> & {
      weights?: Numbers<(typeof WEIGHT_KEYS)[number]>;
      thresholds?: Numbers<(typeof THRESHOLD_KEYS)[number]>;
    })
  | null;

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function numbers<K extends string>(o: Record<string, unknown>, keys: readonly K[], path: string, issues: string[]): Numbers<K> {
  const out: Numbers<K> = {};
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v)) issues.push(`${path}.${k}: expected a number, got ${kindOf(v)}`);
    else if (v < 0) issues.push(`${path}.${k}: expected a number ≥ 0, got ${v}`);
    else out[k] = v;
  }
  return out;
}

function section<K extends string>(o: Record<string, unknown>, key: string, keys: readonly K[], issues: string[]): Numbers<K> | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (kindOf(v) !== 'object') {
    issues.push(`settings.${key}: expected an object, got ${kindOf(v)}`);
    return undefined;
  }
  return numbers(v as Record<string, unknown>, keys, `settings.${key}`, issues);
}

function parseSettings(doc: unknown): ContractSettings {
  if (doc === undefined || doc === null) return null;
  if (kindOf(doc) !== 'object') throw new InputError(`settings: expected an object, got ${kindOf(doc)}`);
  const o = doc as Record<string, unknown>;
  const issues: string[] = [];
  const knobs = numbers(o, KNOB_KEYS, 'settings', issues);
  const weights = section(o, 'weights', WEIGHT_KEYS, issues);
  const thresholds = section(o, 'thresholds', THRESHOLD_KEYS, issues);
  if (issues.length > 0) throw new InputError(issues.slice(0, 5).join('; ') + (issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''));
  return { ...knobs, ...(weights && { weights }), ...(thresholds && { thresholds }) };
}

/** The input document (see lib/matching/README.md); ids may be strings or integers. */
export interface ReconcileInput {
  transactions: {
    id: Id;
    date: string;
    amount: number;
    type?: 'CREDIT' | 'DEBIT' | null;
    description?: string | null;
    payerName?: string | null;
    payerDocument?: string | null;
    payerEmail?: string | null;
    payerPhone?: string | null;
  }[];
  customers: { id: Id; name: string; document?: string | null; email?: string | null; phone?: string | null }[];
  receivables: { id: Id; customerId: Id; amount: number; dueDate: string; description?: string | null }[];
  clientMappings: { payerDocument: string; customerId: Id }[];
  rejections?: ({ transactionId: Id; customerId: Id } | { payerDocument: string; customerId: Id })[] | null;
  settings?: ContractSettings;
}

export interface ReconcileAlternative {
  customerId: Id;
  receivableId: Id | null;
  receivableIds: Id[];
  score: number;
}

export interface ReconcileResult {
  transactionId: Id;
  customerId: Id | null;
  receivableId: Id | null;
  receivableIds: Id[];
  score: number;
  status: MatchStatus;
  reasons: MatchReason[];
  alternatives: ReconcileAlternative[];
}

export interface ReconcileOutput {
  results: ReconcileResult[];
}

/**
 * Weights may come as percentages or shares (they are relative: only their
 * ratios matter); thresholds as 0–100 or 0–1 (all given values ≤ 1 ⇒ shares).
 * TenantSettings column names (weightDocument, thresholdHigh, …) work too.
 */
export function settingsFromContract(doc: unknown): MatchSettings {
  const raw = parseSettings(doc);
  if (!raw) return resolveSettings();
  const { weights: w, thresholds: th, ...knobs } = raw;
  const weights: Partial<Record<Criterion, number>> = {};
  if (w) {
    const pick = (a: number | undefined, b: number | undefined) => a ?? b;
    const entries: [Criterion, number | undefined][] = [
      ['document', pick(w.document, w.weightDocument)],
      ['name', pick(w.name, w.weightName)],
      ['contact', pick(w.contact, w.weightContact)],
      ['amount', pick(w.amount, w.weightAmount)],
      ['date', pick(w.date, w.weightDate)],
    ];
    const given = entries.filter(([, v]) => v !== undefined) as [Criterion, number][];
    // Shares with some criteria left out: scale them to percentages so the defaults of the others keep their meaning.
    const shares = given.length > 0 && given.every(([, v]) => v <= 1);
    for (const [k, v] of given) weights[k] = shares ? v * 100 : v;
  }
  const thresholds: { high?: number; medium?: number } = {};
  if (th) {
    const high = th.high ?? th.thresholdHigh;
    const medium = th.medium ?? th.thresholdMedium;
    const given = [high, medium].filter((v): v is number => v !== undefined);
    const scale = given.length > 0 && given.every((v) => v <= 1) ? 100 : 1;
    if (high !== undefined) thresholds.high = high * scale;
    if (medium !== undefined) thresholds.medium = medium * scale;
  }
  const input: MatchSettingsInput = { ...knobs, weights, thresholds };
  try {
    return resolveSettings(input);
  } catch (e) {
    throw new InputError(`settings: ${(e as Error).message}`);
  }
}

export function reconcileWithStats(doc: unknown): { output: ReconcileOutput; stats: MatchRunStats } {
  const run = reconcileRun(doc);
  const results = new Array<ReconcileResult>(run.count);
  for (let i = 0; i < run.count; i++) results[i] = run.resultAt(i);
  return { output: { results }, stats: run.stats };
}

/** reconcile(), its results built one at a time (matchRun): what the command streams out. */
export interface ReconcileRun {
  count: number;
  resultAt(i: number): ReconcileResult;
  /** See MatchRun.debitAt: a debit's result differs from another debit's only by its id. */
  debitAt(i: number): boolean;
  /** resultAt(i).transactionId, as the caller wrote it, without building the result. */
  idAt(i: number): Id;
  stats: MatchRunStats;
}

export function reconcileRun(doc: unknown): ReconcileRun {
  const { input, settings: rawSettings, numericIds } = parseInputDocument(doc);
  const settings = settingsFromContract(rawSettings);
  const run = matchRun(input, settings);
  const anyNumeric = numericIds.transactions.size + numericIds.customers.size + numericIds.receivables.size > 0;
  if (!anyNumeric) return run;
  // Echo integer ids back as integers.
  const back = (set: Set<string>, k: string): Id => (set.has(k) ? Number(k) : k);
  const cu = (k: string) => back(numericIds.customers, k);
  const re = (k: string) => back(numericIds.receivables, k);
  const echo = (r: MatchResult): ReconcileResult => ({
    transactionId: back(numericIds.transactions, r.transactionId),
    customerId: r.customerId === null ? null : cu(r.customerId),
    receivableId: r.receivableId === null ? null : re(r.receivableId),
    receivableIds: r.receivableIds.map(re),
    score: r.score,
    status: r.status,
    reasons: r.reasons,
    alternatives: r.alternatives.map((a) => ({
      customerId: cu(a.customerId),
      receivableId: a.receivableId === null ? null : re(a.receivableId),
      receivableIds: a.receivableIds.map(re),
      score: a.score,
    })),
  });
  return { count: run.count, resultAt: (i) => echo(run.resultAt(i)), debitAt: run.debitAt, idAt: (i) => back(numericIds.transactions, run.idAt(i)), stats: run.stats };
}

/** The command's whole job, minus reading and writing. Throws InputError on bad input. */
export function reconcile(doc: unknown): ReconcileOutput {
  return reconcileWithStats(doc).output;
}
