// Bulk confirm: a list of (credit, receivables) confirmed server-side as a
// job, so a person can close the page and Advbox's budget (30 GET/min, 500
// PUT/day) is waited for rather than failed. Each item goes through the
// same confirm as the single route (claim, mark paid, record) and gets its
// own outcome; progress is stored on the job (GET /api/jobs/[id]) and
// announced over SSE as `reconciliation_ready` hints carrying
// { stage: 'bulk_confirm', done, total } (the dashboard refetches the rows
// that left and can show the counter).
import { z } from 'zod';
import { advboxClientForTenant } from '@/lib/advbox/client';
import { ApiError, notFound } from '@/lib/api/errors';
import { publishEvent } from '@/lib/events/publish';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import { getPrisma, type Db } from '@/lib/prisma';
import { confirmReconciliation } from './confirm';

export const BULK_MAX_ITEMS = 200;

const Item = z.strictObject({ transactionId: z.uuid(), receivableIds: z.array(z.string().regex(/^\d{1,15}$/)).min(1).max(3) });

export interface BulkItemOutcome {
  transactionId: string;
  receivableIds: string[];
  status: 'confirmed' | 'failed';
  /** The error code (conflict, not_found, bad_gateway, …) when it failed. */
  code?: string;
  message?: string;
  recordIds?: string[];
}

export interface BulkConfirmOutput {
  total: number;
  confirmed: number;
  failed: number;
  items: BulkItemOutcome[];
}

/** Announce at most every this many items (and at the end): hints, not a stream of rows. */
const PUBLISH_EVERY = 5;

export const bulkConfirmJob = defineJob({
  name: 'reconciliation.bulk-confirm',
  schema: z.strictObject({ tenantId: z.uuid(), actorId: z.string().min(1).max(191), requestId: z.string().max(200).optional(), items: z.array(Item).min(1).max(BULK_MAX_ITEMS) }),
  // Items already confirmed would answer 409 on a retry; one run, its outcomes stored.
  retry: { limit: 0 },
  // 200 PUTs fit Advbox's day; the GET budget is not touched by confirms.
  timeoutSeconds: 30 * 60,
  handler: async ({ tenantId, actorId, requestId, items }, ctx) => runBulkConfirm(getPrisma(), { tenantId, actorId, requestId, items, jobId: ctx.jobId, progress: (p) => ctx.progress(p), signal: ctx.signal }),
});

export async function runBulkConfirm(
  db: Db,
  input: {
    tenantId: string;
    actorId: string;
    requestId?: string;
    items: { transactionId: string; receivableIds: string[] }[];
    jobId: string;
    progress?: (p: { done: number; total: number; stage: string }) => Promise<void>;
    signal?: AbortSignal;
  },
): Promise<BulkConfirmOutput> {
  const { tenantId, items } = input;
  // Background mode: waits for budget slots and through 429s instead of failing the item.
  const client = await advboxClientForTenant(db, tenantId, input.signal ? { signal: input.signal } : {});
  const out: BulkConfirmOutput = { total: items.length, confirmed: 0, failed: 0, items: [] };
  const announce = async (done: number) => {
    await input.progress?.({ done, total: items.length, stage: 'bulk_confirm' });
    try {
      await publishEvent(db, { type: 'reconciliation_ready', tenantId, entity: 'bulk_confirm', ids: [input.jobId], data: { stage: 'bulk_confirm', done, total: items.length } });
    } catch (err) {
      log('warn', 'bulk confirm progress not published', { tenantId, err });
    }
  };
  for (const [i, item] of items.entries()) {
    input.signal?.throwIfAborted();
    try {
      const r = await confirmReconciliation(db, { tenantId, actorId: input.actorId, requestId: input.requestId, ...item, client, source: 'MANUAL' });
      out.confirmed++;
      out.items.push({ ...item, status: 'confirmed', recordIds: r.records.map((x) => x.id) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      out.failed++;
      out.items.push({ ...item, status: 'failed', code: err.code, message: err.message });
    }
    if ((i + 1) % PUBLISH_EVERY === 0 || i + 1 === items.length) await announce(i + 1);
  }
  return out;
}

/** Checks the credits are the tenant's, then enqueues the job; the answer is its id. */
export async function startBulkConfirm(
  db: Db,
  input: { tenantId: string; actorId: string; requestId?: string; items: { transactionId: string; receivableIds: string[] }[] },
): Promise<{ jobId: string; total: number }> {
  const ids = [...new Set(input.items.map((i) => i.transactionId))];
  if (ids.length !== input.items.length) throw new ApiError('validation_failed', 'Um crédito aparece mais de uma vez na lista.', { field: 'items' });
  const found = await db.pluggyTransaction.count({ where: { tenantId: input.tenantId, id: { in: ids }, deletedAt: null } });
  if (found !== ids.length) throw notFound('Transação não encontrada.');
  const jobId = await enqueue(bulkConfirmJob, { tenantId: input.tenantId, actorId: input.actorId, ...(input.requestId ? { requestId: input.requestId.slice(0, 200) } : {}), items: input.items });
  return { jobId, total: input.items.length };
}
