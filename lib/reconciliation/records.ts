// Reconciliation history: confirmed (and undone) matches between a bank
// credit and an Advbox receivable. Undo is a conditional update, so two
// concurrent undos cannot both succeed.
import { conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon } from '@/lib/cache';
import { emitAfterCommit } from '@/lib/events/publish';
import type { Prisma } from '@/lib/generated/prisma/client';
import { calendarDate, moneyString } from '@/lib/money';
import type { Db } from '@/lib/prisma';

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

export async function listReconciliations(
  db: Db,
  tenantId: string,
  f: { status?: 'CONFIRMED' | 'UNDONE'; from?: string; to?: string; limit: number; offset: number },
): Promise<{ items: ReconciliationDto[]; total: number }> {
  const where: Prisma.ReconciliationRecordWhereInput = { tenantId };
  if (f.status) where.status = f.status;
  if (f.from || f.to) {
    where.datePaid = {
      ...(f.from ? { gte: new Date(`${f.from}T00:00:00.000Z`) } : {}),
      ...(f.to ? { lte: new Date(`${f.to}T00:00:00.000Z`) } : {}),
    };
  }
  const [rows, total] = await Promise.all([
    db.reconciliationRecord.findMany({
      where,
      orderBy: [{ confirmedAt: 'desc' }, { id: 'desc' }],
      take: f.limit,
      skip: f.offset,
      include: { transaction: { select: { id: true, date: true, amount: true, payerName: true, description: true } } },
    }),
    db.reconciliationRecord.count({ where }),
  ]);
  return {
    total,
    items: rows.map((r) => ({
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
    })),
  };
}

export async function undoReconciliation(
  db: Db,
  { tenantId, actorId, requestId, id, reason }: { tenantId: string; actorId: string; requestId?: string; id: string; reason?: string },
): Promise<{ id: string; status: 'UNDONE' }> {
  await db.$transaction(async (tx) => {
    const updated = await tx.reconciliationRecord.updateMany({
      where: { id, tenantId, status: 'CONFIRMED' },
      data: { status: 'UNDONE', undoneBy: actorId, undoneAt: new Date(), undoReason: reason ?? null },
    });
    if (updated.count === 0) {
      const exists = await tx.reconciliationRecord.findFirst({ where: { id, tenantId }, select: { status: true } });
      if (!exists) throw notFound('Conciliação não encontrada.');
      throw conflict('Esta conciliação já foi desfeita.');
    }
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'reconciliation.undone',
      entityType: 'reconciliation_record',
      entityId: id,
      metadata: reason ? { reason } : undefined,
      requestId,
    });
  });
  await invalidateTenantRecon(tenantId);
  // After the invalidation, so the refetch it triggers cannot read the old entry.
  emitAfterCommit({ type: 'reconciliation_ready', tenantId, entity: 'reconciliation', ids: [id] });
  return { id, status: 'UNDONE' };
}
