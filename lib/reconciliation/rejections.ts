// "This credit is not from that client": stored so the engine never proposes
// the pair again (not even as an alternative), across re-syncs and
// recomputes; with the payer document, no credit of that payer is proposed
// for the client any more.
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import { createNotification } from '@/lib/notifications/create-notification';
import type { Db } from '@/lib/prisma';
import { scheduleReconciliationPrecompute } from './schedule';

export interface RejectionDto {
  id: string;
  transactionId: string;
  customerId: string;
  payerDocument: string | null;
  createdBy: string;
  createdAt: string;
}

export async function rejectMatch(
  db: Db,
  input: { tenantId: string; actorId: string; requestId?: string; transactionId: string; customerId: string; payerDocument?: string },
): Promise<RejectionDto> {
  const { tenantId } = input;
  const row = await db.$transaction(async (tx) => {
    const credit = await tx.pluggyTransaction.findFirst({ where: { id: input.transactionId, tenantId }, select: { id: true } });
    if (!credit) throw notFound('Transação não encontrada.');
    const key = { tenantId_pluggyTransactionDbId_advboxCustomerId: { tenantId, pluggyTransactionDbId: credit.id, advboxCustomerId: input.customerId } };
    const r = await tx.reconciliationRejection.upsert({
      where: key,
      create: { tenantId, pluggyTransactionDbId: credit.id, advboxCustomerId: input.customerId, payerDocument: input.payerDocument ?? null, createdBy: input.actorId },
      update: input.payerDocument ? { payerDocument: input.payerDocument } : {},
    });
    await writeAudit(tx, {
      tenantId,
      actorId: input.actorId,
      action: 'reconciliation.rejected',
      entityType: 'pluggy_transaction',
      entityId: credit.id,
      metadata: { customerId: input.customerId, ...(input.payerDocument ? { payerDocument: input.payerDocument } : {}) },
      requestId: input.requestId,
    });
    await createNotification(tx, {
      tenantId,
      type: 'reconciliation.rejected',
      title: 'Sugestão de conciliação recusada',
      body: input.payerDocument ? 'Este pagador não será mais sugerido para o cliente.' : 'Este crédito não será mais sugerido para o cliente.',
      link: '/conciliacao',
    });
    await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'rejection', ids: [r.id] });
    return r;
  });
  await invalidateTenantRecon(tenantId);
  await scheduleReconciliationPrecompute(tenantId);
  return {
    id: row.id,
    transactionId: row.pluggyTransactionDbId,
    customerId: row.advboxCustomerId,
    payerDocument: row.payerDocument,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
