// Processing of one stored webhook event (the `pluggy.webhook` job).
// Idempotent and order-independent: every effect is a read of Pluggy's
// current state followed by an upsert (or a soft delete), so a replay, a
// duplicate delivery or an update arriving before its create all end on
// the same rows. An event already processed is skipped; one for an item
// no firm of this tenant has is recorded as ignored.
import { observeWebhookLag } from '@/lib/metrics/observe';
import { writeAudit } from '@/lib/audit/write-audit';
import { emitAfterCommit } from '@/lib/events/publish';
import { createNotification } from '@/lib/notifications/create-notification';
import { pluggyForTenant, type PluggyApi } from '@/lib/pluggy/client';
import { itemColumns } from '@/lib/pluggy/items/item-dto';
import { toTransactionRow } from '@/lib/pluggy/sync/map';
import { softDeleteByIds, upsertAccounts, upsertTransactions } from '@/lib/pluggy/sync/upsert';
import { getPrisma } from '@/lib/prisma';
import { scheduleWebhookChanged } from './changed-job';
import { createdAtFromOf, eventItemId, WebhookPayload } from './payload';

export type ProcessOutcome = 'processed' | 'already_processed' | 'unknown_item' | 'ignored_event' | 'missing';

export async function processWebhookEvent(
  tenantId: string,
  eventDbId: string,
  { followUp = true }: { followUp?: boolean } = {},
): Promise<{ outcome: ProcessOutcome; changed: number }> {
  const db = getPrisma();
  const ev = await db.pluggyWebhookEvent.findFirst({ where: { id: eventDbId, tenantId } });
  if (!ev) return { outcome: 'missing', changed: 0 };
  if (ev.processedAt) return { outcome: 'already_processed', changed: 0 };
  const parsed = WebhookPayload.safeParse(ev.payload);
  const done = async (error: string | null) => {
    const processedAt = new Date();
    await db.pluggyWebhookEvent.update({ where: { id: ev.id }, data: { processedAt, error } });
    observeWebhookLag((processedAt.getTime() - ev.receivedAt.getTime()) / 1000);
  };
  if (!parsed.success) {
    await done('invalid_payload');
    return { outcome: 'ignored_event', changed: 0 };
  }
  const p = parsed.data;
  const pluggyItemId = eventItemId(p);
  const item = pluggyItemId ? await db.pluggyItem.findFirst({ where: { tenantId, pluggyItemId, source: 'pluggy' } }) : null;
  if (!item || (item.deletedAt && p.event !== 'item/deleted')) {
    await done('unknown_item');
    return { outcome: 'unknown_item', changed: 0 };
  }

  let changed = 0;
  let api: PluggyApi | null = null;
  const client = async () => (api ??= await pluggyForTenant(db, tenantId, { policy: 'background' }));

  /** Our id of a Pluggy account of this item, upserting the item's accounts when it is new to us. */
  const accountDbId = async (pluggyAccountId: string): Promise<string | null> => {
    const found = await db.pluggyAccount.findFirst({ where: { tenantId, pluggyAccountId, pluggyItemDbId: item.id }, select: { id: true } });
    if (found) return found.id;
    const stored = await upsertAccounts(tenantId, item.id, await (await client()).fetchAccounts(item.pluggyItemId), false);
    return stored.find((a) => a.pluggyAccountId === pluggyAccountId)?.id ?? null;
  };

  switch (p.event) {
    case 'transactions/created': {
      const from = createdAtFromOf(p);
      const accounts = p.accountId ? [p.accountId] : (await (await client()).fetchAccounts(item.pluggyItemId)).map((a) => a.id);
      for (const acc of accounts) {
        const dbId = await accountDbId(acc);
        if (!dbId) continue;
        for await (const page of (await client()).transactionPages(acc, from ? { createdAtFrom: from } : {})) {
          const c = await upsertTransactions(tenantId, dbId, page.map(toTransactionRow));
          changed += c.created + c.updated;
        }
      }
      break;
    }
    case 'transactions/updated': {
      const ids = p.transactionIds ?? [];
      if (ids.length && p.accountId) {
        const dbId = await accountDbId(p.accountId);
        // fetchTransactionsByIds asks 500 ids per call (Pluggy's maximum).
        if (dbId) {
          const txs = await (await client()).fetchTransactionsByIds(p.accountId, ids);
          const c = await upsertTransactions(tenantId, dbId, txs.map(toTransactionRow));
          changed += c.created + c.updated;
        }
      }
      break;
    }
    case 'transactions/deleted':
      changed += await softDeleteByIds(tenantId, p.transactionIds ?? []);
      break;
    case 'item/error':
    case 'item/waiting_user_input':
    case 'item/waiting_user_action': {
      const remote = await (await client()).fetchItem(item.pluggyItemId);
      await db.$transaction(async (tx) => {
        await tx.pluggyItem.update({ where: { id: item.id }, data: itemColumns(remote) });
        await createNotification(tx, {
          tenantId,
          type: 'sync.failed',
          title: p.event === 'item/error' ? 'Erro na conexão bancária' : 'A conexão bancária precisa de atenção',
          body:
            p.event === 'item/error'
              ? `${item.connectorName ?? 'O banco'}: ${remote.error?.message ?? 'a atualização falhou.'} Reconecte a conta em Contas.`
              : `${item.connectorName ?? 'O banco'} pede uma confirmação para continuar a atualização. Abra a conexão em Contas.`,
          link: '/contas',
        });
      });
      emitAfterCommit({ type: 'item_status', tenantId, entity: 'pluggy_item', ids: [item.id] });
      break;
    }
    case 'item/created':
    case 'item/updated':
    case 'item/login_succeeded': {
      const remote = await (await client()).fetchItem(item.pluggyItemId);
      await db.pluggyItem.update({ where: { id: item.id }, data: itemColumns(remote) });
      emitAfterCommit({ type: 'item_status', tenantId, entity: 'pluggy_item', ids: [item.id] });
      break;
    }
    case 'item/deleted': {
      if (!item.deletedAt) {
        await db.$transaction(async (tx) => {
          // Soft: its accounts leave the listings, transactions and reconciliation history stay.
          await tx.pluggyItem.update({ where: { id: item.id }, data: { deletedAt: new Date(), status: 'DELETED' } });
          await writeAudit(tx, {
            tenantId,
            actorId: null,
            action: 'pluggy_item.deleted_at_pluggy',
            entityType: 'pluggy_item',
            entityId: item.id,
            metadata: { pluggyItemId: item.pluggyItemId, eventId: p.eventId },
          });
        });
        emitAfterCommit({ type: 'item_status', tenantId, entity: 'pluggy_item', ids: [item.id] });
        changed++;
      }
      break;
    }
    default:
      await done('ignored_event');
      return { outcome: 'ignored_event', changed: 0 };
  }
  await done(null);
  // Invalidate, refresh KPIs, precompute, publish: once per burst, not per event.
  if (changed && followUp) await scheduleWebhookChanged(tenantId);
  return { outcome: 'processed', changed };
}

/** Events read per round of processPendingWebhookEvents. */
const PENDING_BATCH = 250;
/** Events of one round processed at once (each is a few statements and maybe a Pluggy call). */
const PENDING_CONCURRENCY = 4;

export interface PendingOutcome {
  events: number;
  changed: number;
  failed: number;
}

/**
 * Every stored, unprocessed event of the tenant (what the
 * `pluggy.webhook.batch` job runs), oldest first, until none is left —
 * including events stored while it runs. `transactions/deleted` events of a
 * round are applied together (one soft delete, one mark), the others one by
 * one (processWebhookEvent) a few at a time. One follow-up for the whole run.
 * An event that fails is left unprocessed and the run goes on with the
 * rest; then the run throws its error, so the job's retry policy tries those
 * again later.
 */
export async function processPendingWebhookEvents(tenantId: string): Promise<PendingOutcome> {
  const db = getPrisma();
  const failed = new Set<string>();
  let lastError: unknown = null;
  const out: PendingOutcome = { events: 0, changed: 0, failed: 0 };
  for (;;) {
    const batch = await db.pluggyWebhookEvent.findMany({
      where: { tenantId, processedAt: null, ...(failed.size ? { id: { notIn: [...failed] } } : {}) },
      orderBy: { receivedAt: 'asc' },
      take: PENDING_BATCH,
    });
    if (!batch.length) break;
    out.events += batch.length;

    // Deletions of known, live items: together.
    const deletions = batch
      .filter((e) => e.event === 'transactions/deleted')
      .map((e) => ({ e, p: WebhookPayload.safeParse(e.payload) }))
      .filter((x) => x.p.success && !!x.e.itemId);
    const liveItems = deletions.length
      ? new Set(
          (await db.pluggyItem.findMany({
            where: { tenantId, source: 'pluggy', deletedAt: null, pluggyItemId: { in: [...new Set(deletions.map((x) => x.e.itemId!))] } },
            select: { pluggyItemId: true },
          })).map((i) => i.pluggyItemId),
        )
      : new Set<string>();
    const grouped = deletions.filter((x) => liveItems.has(x.e.itemId!));
    if (grouped.length) {
      out.changed += await softDeleteByIds(tenantId, grouped.flatMap((x) => x.p.data?.transactionIds ?? []));
      const processedAt = new Date();
      await db.pluggyWebhookEvent.updateMany({ where: { tenantId, id: { in: grouped.map((x) => x.e.id) } }, data: { processedAt, error: null } });
      for (const { e } of grouped) observeWebhookLag((processedAt.getTime() - e.receivedAt.getTime()) / 1000);
    }

    const groupedIds = new Set(grouped.map((x) => x.e.id));
    const rest = batch.filter((e) => !groupedIds.has(e.id));
    for (let i = 0; i < rest.length; i += PENDING_CONCURRENCY) {
      await Promise.all(
        rest.slice(i, i + PENDING_CONCURRENCY).map(async (e) => {
          try {
            out.changed += (await processWebhookEvent(tenantId, e.id, { followUp: false })).changed;
          } catch (err) {
            failed.add(e.id);
            lastError = err;
          }
        }),
      );
    }
  }
  out.failed = failed.size;
  if (out.changed) await scheduleWebhookChanged(tenantId);
  if (lastError) throw lastError;
  return out;
}
