// Reconciliation history: confirmed (and undone) matches between a bank
// credit and an Advbox receivable. Undo reopens the receivable(s) in Advbox
// (date_payment: null) and then marks the records UNDONE; history is kept.
// The undo's start is recorded first (undo_started_at, a conditional update,
// so two concurrent undos cannot both run): a process dying between Advbox
// and the database leaves a state the recovery sweep (recover.ts) settles.
import { AdvboxApiError, advboxClientForTenant, toApiError, type AdvboxClient } from '@/lib/advbox/client';
import { ApiError, conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';
import { calendarDate, moneyString } from '@/lib/money';
import { createNotification } from '@/lib/notifications/create-notification';
import type { Db, Tx } from '@/lib/prisma';
import { RECOVER_AFTER_MS } from './config';
import { expireReceivableSnapshot } from './receivables';
import { scheduleReconciliationPrecompute } from './schedule';

export interface ReconciliationDto {
  id: string;
  status: 'CONFIRMED' | 'UNDONE';
  source: 'AUTO' | 'MANUAL';
  transaction: { id: string; date: string; amount: string; payerName: string | null; description: string };
  advboxTransactionId: string;
  advboxCustomerId: string | null;
  amount: string;
  score: string;
  datePaid: string;
  markedPaidInAdvbox: boolean;
  confirmedBy: string;
  confirmedAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
  undoReason: string | null;
}

const INCLUDE = { transaction: { select: { id: true, date: true, amount: true, payerName: true, description: true } } } as const;
type Row = Prisma.ReconciliationRecordGetPayload<{ include: typeof INCLUDE }>;

export function recordDto(r: Row): ReconciliationDto {
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    transaction: {
      id: r.transaction.id,
      date: calendarDate(r.transaction.date),
      amount: moneyString(r.transaction.amount)!,
      payerName: r.transaction.payerName,
      description: r.transaction.description,
    },
    advboxTransactionId: r.advboxTransactionId,
    advboxCustomerId: r.advboxCustomerId,
    amount: moneyString(r.amount)!,
    score: moneyString(r.score)!,
    datePaid: calendarDate(r.datePaid),
    markedPaidInAdvbox: r.markedPaidInAdvbox,
    confirmedBy: r.confirmedBy,
    confirmedAt: r.confirmedAt.toISOString(),
    undoneBy: r.undoneBy,
    undoneAt: r.undoneAt?.toISOString() ?? null,
    undoReason: r.undoReason,
  };
}

/** The CONFIRMED records of one credit (one per receivable of its confirm). */
export async function listRecordsOfTransaction(db: Db | Tx, tenantId: string, transactionId: string): Promise<ReconciliationDto[]> {
  const rows = await db.reconciliationRecord.findMany({
    where: { tenantId, pluggyTransactionDbId: transactionId, status: 'CONFIRMED' },
    orderBy: [{ advboxTransactionId: 'asc' }],
    include: INCLUDE,
  });
  return rows.map(recordDto);
}

export async function listReconciliations(
  db: Db,
  tenantId: string,
  f: { status?: 'CONFIRMED' | 'UNDONE'; source?: 'AUTO' | 'MANUAL'; from?: string; to?: string; limit: number; offset: number },
): Promise<{ items: ReconciliationDto[]; total: number }> {
  const where: Prisma.ReconciliationRecordWhereInput = { tenantId };
  if (f.status) where.status = f.status;
  if (f.source) where.source = f.source;
  if (f.from || f.to) {
    where.datePaid = {
      ...(f.from ? { gte: new Date(`${f.from}T00:00:00.000Z`) } : {}),
      ...(f.to ? { lte: new Date(`${f.to}T00:00:00.000Z`) } : {}),
    };
  }
  const [rows, total] = await Promise.all([
    db.reconciliationRecord.findMany({ where, orderBy: [{ confirmedAt: 'desc' }, { id: 'desc' }], take: f.limit, skip: f.offset, include: INCLUDE }),
    db.reconciliationRecord.count({ where }),
  ]);
  return { total, items: rows.map(recordDto) };
}

export interface UndoResultDto {
  id: string;
  status: 'UNDONE';
  /** Every record of the confirm undone with it (a split is undone whole). */
  undoneIds: string[];
  /** Receivables reopened in Advbox. */
  reopened: string[];
}

export async function undoReconciliation(
  db: Db,
  {
    tenantId,
    actorId,
    requestId,
    id,
    reason,
    client,
  }: { tenantId: string; actorId: string; requestId?: string; id: string; reason?: string; client?: AdvboxClient },
): Promise<UndoResultDto> {
  const record = await db.reconciliationRecord.findFirst({ where: { id, tenantId }, select: { status: true, pluggyTransactionDbId: true, datePaid: true } });
  if (!record) throw notFound('Conciliação não encontrada.');
  if (record.status !== 'CONFIRMED') throw conflict('Esta conciliação já foi desfeita.');
  // A split (one credit, several receivables) was one confirm: undone whole.
  const group = await db.reconciliationRecord.findMany({
    where: { tenantId, pluggyTransactionDbId: record.pluggyTransactionDbId, status: 'CONFIRMED' },
    select: { id: true, advboxTransactionId: true, markedPaidInAdvbox: true },
  });
  // A claim whose confirm died before recording its outcome (older than
  // RECOVER_AFTER_MS): whether Advbox has it paid is unknown here; the
  // recovery sweep reads Advbox and settles it first. A younger one is a
  // confirm still running: undone as it is, and that confirm reopens what it
  // marks when it finds its claim undone.
  const stale = await db.reconciliationRecord.count({
    where: { id: { in: group.filter((r) => !r.markedPaidInAdvbox).map((r) => r.id) }, confirmedAt: { lt: new Date(Date.now() - RECOVER_AFTER_MS) } },
  });
  if (stale) throw conflict('Esta confirmação não terminou e está sendo conferida com o Advbox; tente desfazer em alguns minutos.');
  const ids = group.map((r) => r.id);
  // Start: recorded before Advbox is touched, so a process dying mid-way
  // leaves a state the recovery sweep can find (and two undos cannot both run).
  const started = new Date();
  const took = await db.$executeRaw`
    UPDATE reconciliation_records SET undo_started_at = ${started}, undo_started_by = ${actorId}, undo_reason = ${reason ?? null}, updated_at = now()
    WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED'
      AND (undo_started_at IS NULL OR undo_started_at < now() - make_interval(secs => ${RECOVER_AFTER_MS / 1000}))`;
  if (took !== ids.length) {
    if (took) await clearUndoStart(db, tenantId, ids, started);
    throw conflict('Esta conciliação já está sendo desfeita.');
  }
  const reopened: string[] = [];
  const markedIds = group.filter((r) => r.markedPaidInAdvbox).map((r) => r.id);
  try {
    const toReopen = group.filter((x) => x.markedPaidInAdvbox);
    const advbox = toReopen.length ? (client ?? (await advboxClientForTenant(db, tenantId)).interactive()) : null;
    for (const r of toReopen) {
      await advbox!.reopen(Number(r.advboxTransactionId));
      reopened.push(r.advboxTransactionId);
    }
  } catch (err) {
    // Put back what this undo reopened: the records stay CONFIRMED, so Advbox must say paid.
    let restored = true;
    if (reopened.length) {
      const advbox = client ?? (await advboxClientForTenant(db, tenantId));
      for (const advboxId of reopened) {
        await advbox.markPaid(Number(advboxId), calendarDate(record.datePaid)).catch((e: unknown) => {
          restored = false;
          log('error', 'reconciliation: could not re-mark a receivable after a failed undo; the recovery sweep will', { tenantId, advboxId, err: e });
        });
      }
    }
    // Not restored: the start stays, and the recovery sweep marks it paid again later.
    if (restored) await clearUndoStart(db, tenantId, ids, started);
    if (err instanceof AdvboxApiError) {
      const api = toApiError(err);
      throw new ApiError(api.code, `Não foi possível reabrir o recebível no Advbox: ${err.message}`, api.details, api.headers);
    }
    throw err;
  }
  const finished = await db.$transaction(async (tx) => {
    // Only an undo still ours (its start, younger than RECOVER_AFTER_MS: an
    // older one is the sweep's), and only if no confirm recorded its outcome
    // meanwhile (each row still marked as this undo saw it).
    const updated = await tx.$executeRaw`
      UPDATE reconciliation_records SET status = 'UNDONE', undone_by = ${actorId}, undone_at = now(), undo_started_at = NULL, undo_started_by = NULL, updated_at = now()
      WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND undo_started_at = ${started}
        AND undo_started_at > now() - make_interval(secs => ${RECOVER_AFTER_MS / 1000})
        AND marked_paid_in_advbox = (id = ANY(${markedIds}::uuid[]))`;
    if (updated !== ids.length) return false;
    await writeUndone(tx, { tenantId, actorId, requestId, id, ids, reopened, reason });
    return true;
  });
  if (!finished) throw new ApiError('service_unavailable', 'A conciliação mudou enquanto era desfeita; ela será conferida com o Advbox automaticamente em alguns minutos.');
  await afterUndo(db, tenantId, reopened.length > 0);
  return { id, status: 'UNDONE', undoneIds: ids, reopened };
}

async function clearUndoStart(db: Db, tenantId: string, ids: string[], started: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE reconciliation_records SET undo_started_at = NULL, undo_started_by = NULL, undo_reason = NULL, updated_at = now()
    WHERE id = ANY(${ids}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED' AND undo_started_at = ${started}`;
}

/** The audit row, notification and event of a finished undo (also the recovery sweep's). */
export async function writeUndone(
  tx: Tx,
  e: { tenantId: string; actorId: string | null; requestId?: string; id: string; ids: string[]; reopened: string[]; reason?: string | null; recovered?: boolean },
): Promise<void> {
  const { tenantId, reopened } = e;
  await writeAudit(tx, {
    tenantId,
    actorId: e.actorId,
    action: 'reconciliation.undone',
    entityType: 'reconciliation_record',
    entityId: e.id,
    metadata: { recordIds: e.ids, reopened, ...(e.reason ? { reason: e.reason } : {}), ...(e.recovered ? { recovered: true } : {}) },
    requestId: e.requestId,
  });
  await createNotification(tx, {
    tenantId,
    type: 'reconciliation.undone',
    title: 'Conciliação desfeita',
    body: reopened.length ? `${reopened.length === 1 ? 'O recebível voltou' : `${reopened.length} recebíveis voltaram`} a ficar em aberto no Advbox.` : null,
    link: '/conciliacao',
  });
  await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'reconciliation', ids: e.ids });
}

/** After an undo's commit: drop the cached result, have the snapshot re-crawled (the reopened receivables may have left it), recompute. */
export async function afterUndo(db: Db, tenantId: string, reopened: boolean): Promise<void> {
  await invalidateTenantRecon(tenantId);
  if (reopened) await expireReceivableSnapshot(db, tenantId);
  await scheduleReconciliationPrecompute(tenantId);
}
