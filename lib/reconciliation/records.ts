// Reconciliation history: confirmed (and undone) matches between a bank
// credit and an Advbox receivable. Undo reopens the receivable(s) in Advbox
// (date_payment: null) and then marks the records UNDONE with a conditional
// update, so two concurrent undos cannot both succeed; history is kept.
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
  const toReopen = group.filter((r) => r.markedPaidInAdvbox);
  const reopened: string[] = [];
  if (toReopen.length) {
    try {
      const advbox = client ?? (await advboxClientForTenant(db, tenantId)).interactive();
      for (const r of toReopen) {
        await advbox.reopen(Number(r.advboxTransactionId));
        reopened.push(r.advboxTransactionId);
      }
    } catch (err) {
      // Put back what this undo reopened: the records stay CONFIRMED, so Advbox must say paid.
      if (reopened.length) {
        const advbox = client ?? (await advboxClientForTenant(db, tenantId));
        for (const advboxId of reopened) {
          await advbox.markPaid(Number(advboxId), calendarDate(record.datePaid)).catch((e: unknown) => {
            log('error', 'reconciliation: could not re-mark a receivable after a failed undo', { tenantId, advboxId, err: e });
          });
        }
      }
      if (err instanceof AdvboxApiError) {
        const api = toApiError(err);
        throw new ApiError(api.code, `Não foi possível reabrir o recebível no Advbox: ${err.message}`, api.details, api.headers);
      }
      throw err;
    }
  }
  const ids = group.map((r) => r.id);
  await db.$transaction(async (tx) => {
    const updated = await tx.reconciliationRecord.updateMany({
      where: { id: { in: ids }, tenantId, status: 'CONFIRMED' },
      data: { status: 'UNDONE', undoneBy: actorId, undoneAt: new Date(), undoReason: reason ?? null },
    });
    if (updated.count !== ids.length) throw conflict('Esta conciliação já foi desfeita.');
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'reconciliation.undone',
      entityType: 'reconciliation_record',
      entityId: id,
      metadata: { recordIds: ids, reopened, ...(reason ? { reason } : {}) },
      requestId,
    });
    await createNotification(tx, {
      tenantId,
      type: 'reconciliation.undone',
      title: 'Conciliação desfeita',
      body: reopened.length ? `${reopened.length === 1 ? 'O recebível voltou' : `${reopened.length} recebíveis voltaram`} a ficar em aberto no Advbox.` : null,
      link: '/conciliacao',
    });
    await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'reconciliation', ids });
  });
  await invalidateTenantRecon(tenantId);
  // The reopened receivables may have left the snapshot in a crawl meanwhile.
  if (reopened.length) await expireReceivableSnapshot(db, tenantId);
  await scheduleReconciliationPrecompute(tenantId);
  return { id, status: 'UNDONE', undoneIds: ids, reopened };
}
