// "What would these weights and thresholds do?": the tenant's current inputs
// through the engine twice, with the saved settings and with the proposal,
// compared row by row. Nothing is stored or cached: a person is trying values
// on the settings page before saving them.
import { AdvboxApiError, toApiError } from '@/lib/advbox/client';
import type { MatchStatus } from '@/lib/matching/types';
import { resolveSettings } from '@/lib/matching/settings';
import type { Db } from '@/lib/prisma';
import { loadInputs, type LoadOptions } from '@/lib/reconciliation/full';
import { computeFullResult, type ReconRowDto } from '@/lib/reconciliation/result';

export interface MatchSettingsProposal {
  weights: { document: number; name: number; contact: number; amount: number; date: number };
  thresholds: { high: number; medium: number };
}

export type StatusCounts = Record<MatchStatus, number>;

export interface SettingsPreviewDto {
  computedAt: string;
  /** Credits considered (the same window as the reconciliation page). */
  credits: number;
  current: StatusCounts;
  proposed: StatusCounts;
  /** Rows whose status would change. */
  statusChanged: number;
  /** Rows whose proposed client or receivables would change (whatever the status). */
  matchChanged: number;
  /** Non-empty moves only, largest first. */
  transitions: { from: MatchStatus; to: MatchStatus; count: number }[];
}

const STATUSES: MatchStatus[] = ['auto', 'suggested', 'unmatched'];
const zero = (): StatusCounts => ({ auto: 0, suggested: 0, unmatched: 0 });
const matchKey = (r: ReconRowDto) => `${r.customer?.id ?? ''}|${r.receivables.map((x) => x.id).join(',')}`;

/** Pure: the two results of the same credits, compared by transaction. */
export function compareResults(current: readonly ReconRowDto[], proposed: readonly ReconRowDto[]): Omit<SettingsPreviewDto, 'computedAt' | 'credits'> {
  const before = new Map(current.map((r) => [r.transaction.id, r]));
  const counts = { current: zero(), proposed: zero() };
  const moves = new Map<string, number>();
  let statusChanged = 0;
  let matchChanged = 0;
  for (const r of current) counts.current[r.status]++;
  for (const p of proposed) {
    counts.proposed[p.status]++;
    const c = before.get(p.transaction.id);
    if (!c) continue;
    if (c.status !== p.status) {
      statusChanged++;
      const k = `${c.status}>${p.status}`;
      moves.set(k, (moves.get(k) ?? 0) + 1);
    }
    if (matchKey(c) !== matchKey(p)) matchChanged++;
  }
  const transitions = [...moves.entries()]
    .map(([k, count]) => {
      const [from, to] = k.split('>') as [MatchStatus, MatchStatus];
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || STATUSES.indexOf(a.from) - STATUSES.indexOf(b.from) || STATUSES.indexOf(a.to) - STATUSES.indexOf(b.to));
  return { ...counts, statusChanged, matchChanged, transitions };
}

export async function previewMatchSettings(db: Db, tenantId: string, proposal: MatchSettingsProposal, opts: LoadOptions = {}): Promise<SettingsPreviewDto> {
  let loaded: Awaited<ReturnType<typeof loadInputs>>;
  try {
    loaded = await loadInputs(db, tenantId, opts);
  } catch (err) {
    if (err instanceof AdvboxApiError) throw toApiError(err);
    throw err;
  }
  const { inputs, meta, settings } = loaded;
  const current = computeFullResult(inputs, settings, meta);
  const proposed = computeFullResult(inputs, resolveSettings(proposal), meta);
  return { computedAt: meta.computedAt, credits: inputs.credits.length, ...compareResults(current.rows, proposed.rows) };
}
