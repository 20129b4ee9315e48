// One sync of a tenant: every connected item → its accounts → their
// transactions, through the production client with the background retry
// policy (429 and 5xx backed off inside the run; what still fails fails the
// attempt and the job's own retry policy runs it again — every write is an
// idempotent upsert, so a retry re-reads and converges, no duplicates).
//
// Incremental by default: rows Pluggy created since the item's last
// successful sync (createdAtFrom, minus an overlap window for clock skew
// and rows committed at Pluggy while we were reading). `full` reads
// everything and soft-deletes what Pluggy no longer lists. Each batch
// commits on its own: a failure keeps what was already stored.
import { observeSync } from '@/lib/metrics/observe';
import type { Item } from 'pluggy-sdk';
import { writeAudit } from '@/lib/audit/write-audit';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { emitAfterCommit } from '@/lib/events/publish';
import type { JobContext } from '@/lib/jobs';
import { log } from '@/lib/log';
import { createNotification } from '@/lib/notifications/create-notification';
import { isPluggyError, PluggyApiError, pluggyForTenant, PluggyNotConfiguredError, type PluggyApi } from '@/lib/pluggy/client';
import { itemColumns } from '@/lib/pluggy/items/item-dto';
import { retryThroughOutage } from '@/lib/db/outage';
import { getPrisma, type Db } from '@/lib/prisma';
import { toTransactionRow, type TransactionRow } from './map';
import { SyncProgressReporter, type SyncCounters } from './progress';
import { softDeleteMissing, UPSERT_BATCH, upsertAccounts, upsertTransactions } from './upsert';

/** Batches of one account written at once (each on its own pooled connection). */
const WRITES_IN_FLIGHT = 2;

/** How far before the last successful sync an incremental one starts reading. */
export const SYNC_OVERLAP_MS = 60 * 60_000;

export interface SyncOptions {
  tenantId: string;
  full?: boolean;
  /** Who asked (null: the system, e.g. the demo or a webhook). */
  actorId?: string | null;
  /** Only these items (our ids); default every connected item. */
  itemIds?: string[];
}

export interface SyncResult extends Omit<SyncCounters, 'stage'> {
  full: boolean;
  failedItems: { id: string; error: string }[];
}

/** Errors another attempt may get past (rate limit, Pluggy down, network). */
export function isTransientPluggyError(err: unknown): boolean {
  if (!isPluggyError(err)) return false;
  if (err instanceof PluggyApiError) return err.status === 429 || err.status >= 500;
  return true;
}

function describe(err: unknown): string {
  if (err instanceof PluggyApiError) return `Pluggy ${err.status}${err.codeDescription ? ` ${err.codeDescription}` : ''}: ${err.message}`.slice(0, 500);
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

async function syncItem(
  db: Db,
  api: PluggyApi,
  tenantId: string,
  row: { id: string; pluggyItemId: string; lastSyncedAt: Date | null },
  full: boolean,
  startedAt: Date,
  progress: SyncProgressReporter,
  signal: AbortSignal | undefined,
): Promise<void> {
  const item: Item = await api.fetchItem(row.pluggyItemId);
  await db.pluggyItem.update({ where: { id: row.id }, data: { ...itemColumns(item), lastSyncAttemptAt: startedAt } });
  emitAfterCommit({ type: 'item_status', tenantId, entity: 'pluggy_item', ids: [row.id] });

  progress.counters.stage = 'accounts';
  const accounts = await api.fetchAccounts(row.pluggyItemId);
  const stored = await upsertAccounts(tenantId, row.id, accounts, full);
  const dbIdOf = new Map(stored.map((a) => [a.pluggyAccountId, a.id]));
  progress.counters.accountsTotal += accounts.length;
  await progress.report();

  progress.counters.stage = 'transactions';
  const since = !full && row.lastSyncedAt ? new Date(row.lastSyncedAt.getTime() - SYNC_OVERLAP_MS) : null;
  for (const account of accounts) {
    const accountDbId = dbIdOf.get(account.id)!;
    const seen: string[] = [];
    const write = async (rows: TransactionRow[]) => {
      const counts = await upsertTransactions(tenantId, accountDbId, rows);
      if (full) for (const r of rows) seen.push(r.pluggyTransactionId);
      progress.counters.rows += rows.length;
      progress.counters.created += counts.created;
      progress.counters.updated += counts.updated;
      await progress.report();
    };
    // The next page is fetched while batches are written (HTTP and the
    // database overlap), pages are gathered into UPSERT_BATCH rows per
    // statement (Pluggy's pages hold 500), and up to WRITES_IN_FLIGHT
    // batches are written at once on their own connections (two at once
    // stored 1.5–2× the rows per second of one at a time: bench/README,
    // bench:sync second round). Each batch
    // still commits alone and is idempotent, so a failure keeps what
    // committed and a rerun converges.
    const pages = api.transactionPages(account.id, since ? { createdAtFrom: since } : {})[Symbol.asyncIterator]();
    let next = pages.next();
    let buffer: TransactionRow[] = [];
    const writing = new Set<Promise<void>>();
    const state: { failed: { err: unknown } | null } = { failed: null };
    const rethrow = () => {
      if (state.failed) throw state.failed.err;
    };
    const launch = (batch: TransactionRow[]) => {
      const w: Promise<void> = write(batch).then(
        () => void writing.delete(w),
        (err: unknown) => {
          writing.delete(w);
          state.failed ??= { err };
        },
      );
      writing.add(w);
    };
    try {
      for (;;) {
        const got = await next;
        signal?.throwIfAborted();
        rethrow();
        if (!got.done) {
          next = pages.next();
          for (const t of got.value) buffer.push(toTransactionRow(t));
        }
        if (buffer.length >= UPSERT_BATCH || (got.done && buffer.length)) {
          while (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
          rethrow();
          launch(buffer);
          buffer = [];
        }
        if (got.done) break;
      }
      await Promise.all(writing);
      rethrow();
    } catch (err) {
      // A page fetched ahead that fails too is not an unhandled rejection;
      // the generator is closed without waiting for that fetch (it may be
      // backing off a 429). Writes still running finish first: a rerun of
      // the item (after an outage) must not overlap them.
      next.catch(() => undefined);
      void pages.return?.(undefined).catch(() => undefined);
      await Promise.allSettled(writing);
      throw err;
    }
    if (full) progress.counters.deleted += await softDeleteMissing(tenantId, accountDbId, seen);
    progress.counters.accountsDone++;
    await progress.report();
  }
  // The next incremental run starts from when this one started (minus the overlap).
  await db.pluggyItem.update({ where: { id: row.id }, data: { lastSyncedAt: startedAt, lastSyncError: null } });
}

/**
 * Runs the sync. `ctx` (a job's) stores progress and tells whether this is
 * the last attempt; `finalAttempt` decides whether a transient failure is
 * reported to the firm now or left to the next retry.
 */
export async function runSync(opts: SyncOptions, ctx: (Pick<JobContext, 'progress' | 'jobId'> & { signal?: AbortSignal; finalAttempt?: boolean }) | null = null): Promise<SyncResult> {
  const db = getPrisma();
  const { tenantId } = opts;
  const full = !!opts.full;
  const startedAt = new Date();
  const progress = new SyncProgressReporter(tenantId, ctx);

  // A database restart mid-run: wait for it and carry on (every write is an
  // idempotent upsert), instead of failing an attempt whose failure could
  // not even be recorded while the database is down.
  const outage = { signal: ctx?.signal, onOutage: (err: unknown) => log('warn', 'database unavailable during a sync; waiting for it', { tenantId, err }) };
  const items = await retryThroughOutage(() => db.pluggyItem.findMany({
    // Manual items hold imported statements (lib/statements): nothing upstream to fetch.
    where: { tenantId, deletedAt: null, source: 'pluggy', ...(opts.itemIds ? { id: { in: opts.itemIds } } : {}) },
    select: { id: true, pluggyItemId: true, lastSyncedAt: true },
    orderBy: { createdAt: 'asc' },
  }), outage);
  progress.counters.itemsTotal = items.length;
  await progress.report(true);

  const failedItems: SyncResult['failedItems'] = [];
  let transient: unknown = null;
  let api: PluggyApi | null = null;
  if (items.length) {
    try {
      api = await pluggyForTenant(db, tenantId, { policy: 'background' });
    } catch (err) {
      if (err instanceof PluggyNotConfiguredError) {
        for (const it of items) failedItems.push({ id: it.id, error: err.message });
      } else throw err;
    }
  }
  for (const it of items) {
    if (!api) break;
    try {
      // Run again from the item's start after an outage: the structural
      // counters go back to where the item began (its rows are read again);
      // created/updated keep what committed before the outage (re-read rows
      // that are unchanged count as neither).
      const c = progress.counters;
      const at = { rows: c.rows, deleted: c.deleted, accountsDone: c.accountsDone, accountsTotal: c.accountsTotal };
      await retryThroughOutage(async () => {
        Object.assign(progress.counters, at);
        await syncItem(db, api!, tenantId, it, full, startedAt, progress, ctx?.signal);
      }, outage);
    } catch (err) {
      if (ctx?.signal?.aborted) throw err;
      const message = describe(err);
      log('warn', 'pluggy item sync failed', { tenantId, itemId: it.id, err });
      await db.pluggyItem.update({ where: { id: it.id }, data: { lastSyncError: message, lastSyncAttemptAt: startedAt } });
      emitAfterCommit({ type: 'item_status', tenantId, entity: 'pluggy_item', ids: [it.id] });
      failedItems.push({ id: it.id, error: message });
      if (isTransientPluggyError(err)) transient ??= err;
    }
    progress.counters.itemsDone++;
  }

  progress.counters.stage = 'finishing';
  await progress.report(true);
  const c = progress.counters;
  const result: SyncResult = { ...c, full, failedItems };
  delete (result as Partial<SyncCounters>).stage;

  // What was committed is announced whatever happens next.
  if (c.created || c.updated || c.deleted) await afterBankDataChanged(tenantId, { source: 'sync', complete: !transient });

  // A transient failure with attempts left: the job retries (nothing reported yet).
  if (transient && ctx && !ctx.finalAttempt) throw transient;

  await retryThroughOutage(() => db.$transaction(async (tx) => {
    await writeAudit(tx, {
      tenantId,
      actorId: opts.actorId ?? null,
      action: failedItems.length ? 'pluggy.sync_failed' : 'pluggy.sync_completed',
      entityType: 'pluggy_sync',
      entityId: ctx?.jobId ?? null,
      metadata: { full, items: items.length, rows: c.rows, created: c.created, updated: c.updated, deleted: c.deleted, failedItems: failedItems.length },
    });
    if (failedItems.length) {
      await createNotification(tx, {
        tenantId,
        type: 'sync.failed',
        title: 'Falha na sincronização bancária',
        body: `${failedItems.length === 1 ? 'Uma conexão bancária não pôde' : `${failedItems.length} conexões bancárias não puderam`} ser sincronizada${failedItems.length === 1 ? '' : 's'}. O que já foi importado foi mantido.`,
        link: '/contas',
      });
    } else {
      await createNotification(tx, {
        tenantId,
        type: 'sync.completed',
        title: 'Sincronização bancária concluída',
        body: c.created ? `${c.created} nova${c.created === 1 ? '' : 's'} transaç${c.created === 1 ? 'ão' : 'ões'} importada${c.created === 1 ? '' : 's'}.` : 'Nenhuma transação nova.',
        link: '/transacoes',
      });
    }
  }), outage);
  if (!(c.created || c.updated || c.deleted)) {
    emitAfterCommit({ type: 'sync_complete', tenantId, entity: 'sync' });
  }
  observeSync(failedItems.length ? 'failed' : 'completed', (Date.now() - startedAt.getTime()) / 1000, c.created + c.updated);
  if (transient) throw transient;
  return result;
}
