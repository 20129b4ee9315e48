// The durable halves of statement import: the import itself (one job per
// confirmed import, idempotent by its key), and the overlap check that runs
// after synced bank data changed (coalesced per tenant).
import { z } from 'zod';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { defineJob, PermanentJobError } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import { getPrisma } from '@/lib/prisma';
import { markImportFailed, runImport } from './imports';
import { resolveOverlap } from './overlap';

const RETRIES = 3;

export const statementImportJob = defineJob({
  name: 'statements.import',
  schema: z.strictObject({ tenantId: z.uuid(), importId: z.uuid() }),
  retry: { limit: RETRIES, delaySeconds: 10, backoff: true, maxDelaySeconds: 300 },
  timeoutSeconds: 10 * 60,
  handler: async ({ tenantId, importId }, ctx) => {
    const db = getPrisma();
    await db.statementImport.updateMany({ where: { id: importId, tenantId, status: 'QUEUED' }, data: { status: 'RUNNING' } });
    try {
      return await runImport(db, { tenantId, importId });
    } catch (err) {
      const last = ctx.attempt > RETRIES;
      if (last || err instanceof PermanentJobError) {
        await markImportFailed(db, { tenantId, importId, error: err instanceof Error ? err.message : String(err) });
      }
      throw err;
    }
  },
});

export const statementOverlapJob = defineJob({
  name: 'statements.overlap',
  schema: z.strictObject({ tenantId: z.uuid() }),
  retry: { limit: 3, delaySeconds: 30, backoff: true },
  coalesce: { key: (p) => p.tenantId, delaySeconds: 2 },
  handler: async ({ tenantId }) => {
    const db = getPrisma();
    const manual = await db.pluggyAccount.count({ where: { tenantId, source: 'manual', deletedAt: null } });
    if (manual === 0) return { linked: 0, superseded: 0, ignoredSynced: 0 };
    const result = await resolveOverlap(db, tenantId);
    // Source 'statement-overlap' does not schedule this job again (changed.ts).
    if (result.linked + result.superseded + result.ignoredSynced > 0) await afterBankDataChanged(tenantId, { source: 'statement-overlap' });
    return result;
  },
});

/** Asks for the overlap check after synced data changed; null when not enqueued. Never throws. */
export async function scheduleStatementOverlap(tenantId: string): Promise<string | null> {
  try {
    return await enqueue(statementOverlapJob, { tenantId });
  } catch (err) {
    log('warn', 'statement overlap check not scheduled', { tenantId, err });
    return null;
  }
}
