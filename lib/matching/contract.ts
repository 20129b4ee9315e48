// The evaluation command's contract (`npm run reconcile`), as one pure
// function: the parsed JSON document in, the JSON document out. The CLI
// and the golden-set test both go through reconcile(), so what is measured
// is what is shipped.
import { z } from 'zod';
import { InputError, parseInputDocument, type Id } from './contract-input';
import { matchRun, type MatchRunStats } from './engine';
import { resolveSettings, type MatchSettings, type MatchSettingsInput } from './settings';
import type { Criterion, MatchReason, MatchResult, MatchStatus } from './types';

export { InputError };

const Weight = z.number().min(0);
const SettingsSchema = z
  .object({
    weights: z
      .object({
        document: Weight.optional(),
        name: Weight.optional(),
        contact: Weight.optional(),
        amount: Weight.optional(),
        date: Weight.optional(),
        weightDocument: Weight.optional(),
        weightName: Weight.optional(),
        weightContact: Weight.optional(),
        weightAmount: Weight.optional(),
        weightDate: Weight.optional(),
      })
      .optional(),
    thresholds: z
      .object({
        high: Weight.optional(),
        medium: Weight.optional(),
        thresholdHigh: Weight.optional(),
        thresholdMedium: Weight.optional(),
      })
      .optional(),
    feeToleranceCents: Weight.optional(),
    feeToleranceShare: Weight.optional(),
    overpayToleranceShare: Weight.optional(),
    autoMarginPoints: Weight.optional(),
    dateFullDays: Weight.optional(),
    dateEarlyDays: Weight.optional(),
    dateLateDays: Weight.optional(),
    overdueMaxDays: Weight.optional(),
    splitMaxReceivables: Weight.optional(),
    splitSpanDays: Weight.optional(),
    maxAlternatives: Weight.optional(),
  })
  .nullish();

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
  settings?: z.input<typeof SettingsSchema>;
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

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `settings${path}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return lines.join('; ') + more;
}

/**
 * Weights may come as percentages or shares (they are relative: only their
 * ratios matter); thresholds as 0–100 or 0–1 (all given values ≤ 1 ⇒ shares).
 * TenantSettings column names (weightDocument, thresholdHigh, …) work too.
 */
export function settingsFromContract(doc: unknown): MatchSettings {
  const parsed = SettingsSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(describeIssues(parsed.error));
  const raw = parsed.data;
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
  return { count: run.count, resultAt: (i) => echo(run.resultAt(i)), stats: run.stats };
}

/** The command's whole job, minus reading and writing. Throws InputError on bad input. */
export function reconcile(doc: unknown): ReconcileOutput {
  return reconcileWithStats(doc).output;
}
