// Auto-confirm: when the tenant enabled "mark paid on auto-match"
// (TenantSettings.autoMarkPaidOnMatch), the worker confirms the `auto`
// matches of its fresh result itself — only credits up to the tenant's cap
// (autoMatchCap, default R$ 10.000,00; larger ones stay suggestions for a
// person), recorded with source AUTO so people can see and undo what the
// machine did. A run confirms at most AUTO_CONFIRM_MAX_PER_RUN (Advbox
// allows 500 PUT a day); the rest waits for the next precompute.
import type { AdvboxClient } from '@/lib/advbox/client';
import { ApiError } from '@/lib/api/errors';
import { invalidateTenantRecon } from '@/lib/cache';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { confirmReconciliation } from './confirm';
import type { FullResult } from './result';

export const AUTO_CONFIRM_MAX_PER_RUN = 50;
export const AUTO_ACTOR = 'system:auto';

export interface AutoConfirmOutcome {
  enabled: boolean;
  confirmed: number;
  aboveCap: number;
  failed: number;
}

export async function autoConfirm(db: Db, tenantId: string, full: FullResult, { client }: { client?: AdvboxClient } = {}): Promise<AutoConfirmOutcome> {
  const settings = await db.tenantSettings.findUnique({ where: { tenantId }, select: { autoMarkPaidOnMatch: true, autoMatchCap: true } });
  const out: AutoConfirmOutcome = { enabled: !!settings?.autoMarkPaidOnMatch, confirmed: 0, aboveCap: 0, failed: 0 };
  if (!settings?.autoMarkPaidOnMatch) return out;
  const capCents = Math.round(Number(settings.autoMatchCap) * 100);
  for (const row of full.rows) {
    if (row.status !== 'auto' || row.receivables.length === 0) continue;
    if (Math.round(Number(row.transaction.amount) * 100) > capCents) {
      out.aboveCap++;
      continue;
    }
    if (out.confirmed + out.failed >= AUTO_CONFIRM_MAX_PER_RUN) break;
    try {
      await confirmReconciliation(db, {
        tenantId,
        actorId: AUTO_ACTOR,
        transactionId: row.transaction.id,
        receivableIds: row.receivables.map((r) => r.id),
        source: 'AUTO',
        ...(client ? { client } : {}),
      });
      out.confirmed++;
    } catch (err) {
      out.failed++;
      // A person confirmed it meanwhile (409), or Advbox refused: it stays a suggestion.
      if (!(err instanceof ApiError)) throw err;
      log('warn', 'auto-confirm skipped a match', { tenantId, transactionId: row.transaction.id, code: err.code, message: err.message });
      if (err.code === 'rate_limited' || err.code === 'service_unavailable') break;
    }
  }
  // The stored result still lists what was just confirmed: the next reader recomputes.
  if (out.confirmed) await invalidateTenantRecon(tenantId);
  return out;
}
