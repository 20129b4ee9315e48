// The recovery sweep: settles what a confirm or an undo left half-done when
// its process died between the database and Advbox. Both write their intent
// first (a confirm its claim: CONFIRMED records with marked_paid_in_advbox
// false; an undo its start: undo_started_at), call Advbox, then record the
// outcome. A claim or start older than RECOVER_AFTER_MS is no longer its
// request's (the request checks that before recording): the sweep reads
// Advbox — the day's payments of the credit's date, one listing per date —
// and then
//   claim, every receivable paid on the credit's date → completes it
//     (marked, audit, notification, event), as the confirm would have;
//   claim, none paid → releases it (the records go, audited);
//   claim, some paid (a split cut short) → reopens those, then releases;
//   undo, none paid on that date → finishes it (UNDONE, audit, notification);
//   undo, some still paid → marks the reopened ones paid again and clears
//     the start (the records stay CONFIRMED, as the undo's failure answer says);
//   Advbox failing or its listing incomplete → left for the next sweep.
// Every write is conditional on the row still being in the state the sweep
// read (and old enough), so two sweeps, or a sweep and a late request, never
// both settle one confirm. Idempotency keys whose request never finished are
// released too, so a retry with the key tries again.
import { z } from 'zod';
import { AdvboxApiError, advboxClientForTenant, type AdvboxClient } from '@/lib/advbox/client';
import { ApiError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { defineJob } from '@/lib/jobs/define';
import { log } from '@/lib/log';
import { calendarDate } from '@/lib/money';
import { createNotification } from '@/lib/notifications/create-notification';
import { getPrisma, type Db } from '@/lib/prisma';
import { invalidateTenantRecon } from '@/lib/cache';
import { RECOVER_AFTER_MS, RECOVER_CRON, RECOVER_MAX_WAIT_MS } from './config';
import { writeConfirmed } from './confirm';
import { afterUndo, writeUndone } from './records';
import { scheduleReconciliationPrecompute } from './schedule';

export interface RecoverOutcome {
  /** Claims completed (Advbox had them paid), released, and left for the next sweep. */
  completed: number;
  released: number;
  /** Undos finished, and undos rolled back (receivables marked paid again). */
  undone: number;
  restored: number;
  left: number;
  /** Idempotency keys of requests that never finished, released. */
  keys: number;
}

interface Row {
  id: string;
  tenant_id: string;
  pluggy_transaction_db_id: string;
  advbox_transaction_id: string;
  advbox_customer_id: string | null;
  date_paid: Date;
  marked_paid_in_advbox: boolean;
  undo_started_at: Date | null;
  undo_started_by: string | null;
  undo_reason: string | null;
  source: 'AUTO' | 'MANUAL';
  confirmed_by: string;
  score: string;
}

/** At most this many unfinished records per sweep; the rest wait for the next one. */
const BATCH = 500;
const AGE = RECOVER_AFTER_MS / 1000;

export async function recoverReconciliations(
  db: Db,
  opts: { tenantId?: string; client?: AdvboxClient; signal?: AbortSignal } = {},
): Promise<RecoverOutcome> {
  const out: RecoverOutcome = { completed: 0, released: 0, undone: 0, restored: 0, left: 0, keys: 0 };
  const tenant = opts.tenantId ?? null;
  out.keys = await db.$executeRaw`
    DELETE FROM reconciliation_requests
    WHERE response IS NULL AND created_at < now() - make_interval(secs => ${AGE}) AND (${tenant}::uuid IS NULL OR tenant_id = ${tenant}::uuid)`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT id, tenant_id, pluggy_transaction_db_id, advbox_transaction_id, advbox_customer_id, date_paid, marked_paid_in_advbox,
           undo_started_at, undo_started_by, undo_reason, source, confirmed_by, score::text AS score
    FROM reconciliation_records
    WHERE status = 'CONFIRMED' AND (marked_paid_in_advbox = false OR undo_started_at IS NOT NULL)
      AND ((marked_paid_in_advbox = false AND confirmed_at < now() - make_interval(secs => ${AGE}))
        OR undo_started_at < now() - make_interval(secs => ${AGE}))
      AND (${tenant}::uuid IS NULL OR tenant_id = ${tenant}::uuid)
    ORDER BY tenant_id, confirmed_at LIMIT ${BATCH}`;
  const byTenant = new Map<string, Row[]>();
  for (const r of rows) byTenant.set(r.tenant_id, [...(byTenant.get(r.tenant_id) ?? []), r]);
  for (const [tenantId, list] of byTenant) {
    opts.signal?.throwIfAborted();
    try {
      await recoverTenant(db, tenantId, list, out, opts);
    } catch (err) {
      // One firm's Advbox (or token) must not hold back the others.
      out.left += list.length;
      log('warn', 'reconciliation recovery: tenant left for the next sweep', { tenantId, err });
    }
  }
  return out;
}

/** Advbox's payments of one day: receivable id → its date_payment; null when the listing was incomplete. */
type Payments = { paid: Map<number, string | null>; complete: boolean };

async function paymentsOn(client: AdvboxClient, date: string): Promise<Payments> {
  const r = await client.listTransactions({ date_payment_start: date, date_payment_end: date });
  return { paid: new Map(r.items.map((t) => [t.id, t.datePayment])), complete: r.complete };
}

/** Whether Advbox has `id` paid on `date`: true, false, or null (unknown). */
function paidOn(p: Payments, id: string, date: string): boolean | null {
  const d = p.paid.get(Number(id));
  if (d !== undefined) return d === date;
  return p.complete ? false : null;
}

async function recoverTenant(db: Db, tenantId: string, rows: Row[], out: RecoverOutcome, opts: { client?: AdvboxClient; signal?: AbortSignal }): Promise<void> {
  // The records of each credit are one confirm (a split has several).
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(r.pluggy_transaction_db_id, [...(groups.get(r.pluggy_transaction_db_id) ?? []), r]);
  // The other CONFIRMED records of those credits (a split's records all belong to its confirm or undo).
  const all = await db.$queryRaw<Row[]>`
    SELECT id, tenant_id, pluggy_transaction_db_id, advbox_transaction_id, advbox_customer_id, date_paid, marked_paid_in_advbox,
           undo_started_at, undo_started_by, undo_reason, source, confirmed_by, score::text AS score
    FROM reconciliation_records
    WHERE tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND pluggy_transaction_db_id = ANY(${[...groups.keys()]}::uuid[])`;
  for (const r of all) {
    const g = groups.get(r.pluggy_transaction_db_id)!;
    if (!g.some((x) => x.id === r.id)) g.push(r);
  }
  const client =
    opts.client ?? (await advboxClientForTenant(db, tenantId, { maxWaitMs: RECOVER_MAX_WAIT_MS, ...(opts.signal ? { signal: opts.signal } : {}) }));
  const days = new Map<string, Payments | null>();
  let changed = false;
  for (const group of groups.values()) {
    opts.signal?.throwIfAborted();
    const date = calendarDate(group[0]!.date_paid);
    if (!days.has(date)) {
      try {
        days.set(date, await paymentsOn(client, date));
      } catch (err) {
        if (!(err instanceof AdvboxApiError)) throw err;
        log('warn', 'reconciliation recovery: Advbox did not answer; left for the next sweep', { tenantId, date, err: err.message });
        days.set(date, null);
      }
    }
    const payments = days.get(date);
    const paid = payments ? group.map((r) => paidOn(payments, r.advbox_transaction_id, date)) : null;
    if (!paid || paid.includes(null)) {
      out.left += group.length;
      continue;
    }
    try {
      const undo = group.some((r) => r.undo_started_at);
      const done = undo ? await settleUndo(db, client, tenantId, group, paid as boolean[], date, out) : await settleClaim(db, client, tenantId, group, paid as boolean[], out);
      if (done) changed = true;
      else out.left += group.length;
    } catch (err) {
      if (!(err instanceof AdvboxApiError) && !(err instanceof ApiError)) throw err;
      out.left += group.length;
      log('warn', 'reconciliation recovery: Advbox refused; left for the next sweep', { tenantId, credit: group[0]!.pluggy_transaction_db_id, err: err.message });
    }
  }
  if (changed) {
    await invalidateTenantRecon(tenantId);
    await scheduleReconciliationPrecompute(tenantId);
  }
}

/** A confirm that never recorded its outcome. Returns false when the rows changed meanwhile (nothing done). */
async function settleClaim(db: Db, client: AdvboxClient, tenantId: string, group: Row[], paid: boolean[], out: RecoverOutcome): Promise<boolean> {
  const first = group[0]!;
  const ids = group.map((r) => r.id);
  const receivableIds = group.map((r) => r.advbox_transaction_id);
  const date = calendarDate(first.date_paid);
  const actorId = first.source === 'AUTO' ? null : first.confirmed_by;
  const credit = first.pluggy_transaction_db_id;
  if (group.every((r) => !r.marked_paid_in_advbox) && paid.every(Boolean)) {
    const ok = await db.$transaction(async (tx) => {
      const n = await tx.$executeRaw`
        UPDATE reconciliation_records SET marked_paid_in_advbox = true, updated_at = now()
        WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND marked_paid_in_advbox = false
          AND undo_started_at IS NULL AND confirmed_at < now() - make_interval(secs => ${AGE})`;
      if (n !== ids.length) return false;
      await writeConfirmed(tx, {
        tenantId,
        transactionId: credit,
        actorId,
        source: first.source,
        receivableIds,
        customerId: first.advbox_customer_id,
        datePaid: date,
        score: Number(first.score),
        recordIds: ids,
        recovered: true,
      });
      return true;
    });
    if (ok) out.completed++;
    return ok;
  }
  // Not (all) paid: a split cut short is reopened, then the claim released.
  const reopened: string[] = [];
  for (const [i, r] of group.entries()) {
    if (!paid[i]) continue;
    await client.reopen(Number(r.advbox_transaction_id));
    reopened.push(r.advbox_transaction_id);
  }
  const ok = await db.$transaction(async (tx) => {
    const n = await tx.reconciliationRecord.deleteMany({
      where: { id: { in: ids }, tenantId, status: 'CONFIRMED', markedPaidInAdvbox: false, undoStartedAt: null, confirmedAt: { lt: new Date(Date.now() - RECOVER_AFTER_MS) } },
    });
    if (n.count !== ids.length) return false;
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'reconciliation.confirm_failed',
      entityType: 'pluggy_transaction',
      entityId: credit,
      metadata: { receivableIds, reopened, stillPaidInAdvbox: [], reason: 'A confirmação foi interrompida antes de terminar; o Advbox não tinha o recebível como pago.', recovered: true },
    });
    await createNotification(tx, {
      tenantId,
      type: 'reconciliation.confirm_failed',
      title: 'Confirmação não concluída',
      body: `Uma confirmação de ${date.split('-').reverse().join('/')} foi interrompida antes de marcar o recebível como pago no Advbox; o crédito voltou a ficar pendente.`,
      link: '/conciliacao',
    });
    return true;
  });
  if (ok) out.released++;
  return ok;
}

/** An undo that never recorded its outcome. Returns false when the rows changed meanwhile (nothing done). */
async function settleUndo(db: Db, client: AdvboxClient, tenantId: string, group: Row[], paid: boolean[], date: string, out: RecoverOutcome): Promise<boolean> {
  const starter = group.find((r) => r.undo_started_at)!;
  const started = starter.undo_started_at!;
  const ids = group.map((r) => r.id);
  if (paid.every((p) => !p)) {
    const reopened = group.filter((r) => r.marked_paid_in_advbox).map((r) => r.advbox_transaction_id);
    const ok = await db.$transaction(async (tx) => {
      const n = await tx.$executeRaw`
        UPDATE reconciliation_records SET status = 'UNDONE', undone_by = ${starter.undo_started_by ?? 'system:recovery'}, undone_at = now(),
               undo_started_at = NULL, undo_started_by = NULL, updated_at = now()
        WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND undo_started_at = ${started}`;
      if (n !== ids.length) return false;
      await writeUndone(tx, { tenantId, actorId: starter.undo_started_by, id: starter.id, ids, reopened, reason: starter.undo_reason, recovered: true });
      return true;
    });
    if (ok) {
      out.undone++;
      await afterUndo(db, tenantId, reopened.length > 0);
    }
    return ok;
  }
  // Some receivable is still paid: the undo did not get through; put the rest back as paid.
  for (const [i, r] of group.entries()) {
    if (!paid[i] && r.marked_paid_in_advbox) await client.markPaid(Number(r.advbox_transaction_id), date);
  }
  const ok = await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE reconciliation_records SET undo_started_at = NULL, undo_started_by = NULL, undo_reason = NULL, updated_at = now()
      WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND undo_started_at = ${started}`;
    if (n !== ids.length) return false;
    await writeAudit(tx, {
      tenantId,
      actorId: starter.undo_started_by,
      action: 'reconciliation.undo_failed',
      entityType: 'reconciliation_record',
      entityId: starter.id,
      metadata: { recordIds: ids, reason: 'O desfazer foi interrompido antes de terminar; os recebíveis foram marcados como pagos de novo no Advbox.', recovered: true },
    });
    return true;
  });
  if (ok) out.restored++;
  return ok;
}

export const reconciliationRecoverJob = defineJob({
  name: 'reconciliation.recover',
  // Every tenant when scheduled; one tenant when given.
  schema: z.strictObject({ tenantId: z.uuid().optional() }),
  // One sweep at a time, whoever asks: its writes are conditional anyway.
  coalesce: {},
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  timeoutSeconds: 10 * 60,
  schedule: { cron: RECOVER_CRON, runAtStart: true },
  keepDays: 1,
  handler: async ({ tenantId }, ctx) => recoverReconciliations(getPrisma(), { ...(tenantId ? { tenantId } : {}), signal: ctx.signal }),
});
