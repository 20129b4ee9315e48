// Client mappings: "this payer document pays for that Advbox client" (a
// relative, a company paying for its partner). Linking checks the client
// exists in the tenant's Advbox account (its token only sees its own
// customers, so another firm's client is a 404), upserts the mapping, and
// has the reconciliation recomputed.
import { AdvboxApiError, advboxClientForTenant, toApiError, type AdvboxClient } from '@/lib/advbox/client';
import { notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon } from '@/lib/cache';
import { maskDocument } from '@/lib/documents';
import { publishEvent } from '@/lib/events/publish';
import { createNotification } from '@/lib/notifications/create-notification';
import type { Db } from '@/lib/prisma';
import { scheduleReconciliationPrecompute } from './schedule';

export interface MappingDto {
  id: string;
  /** Digits (CPF 11 / CNPJ 14): the firm typed it, so it is shown whole to its members. */
  payerDocument: string;
  payerName: string | null;
  customerId: string;
  customerName: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

type Row = { id: string; payerDocument: string; payerName: string | null; advboxCustomerId: string; advboxCustomerName: string | null; createdBy: string; createdAt: Date; updatedAt: Date };

function dto(r: Row): MappingDto {
  return {
    id: r.id,
    payerDocument: r.payerDocument,
    payerName: r.payerName,
    customerId: r.advboxCustomerId,
    customerName: r.advboxCustomerName,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listMappings(db: Db, tenantId: string, f: { limit: number; offset: number }): Promise<{ items: MappingDto[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.clientMapping.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: f.limit, skip: f.offset }),
    db.clientMapping.count({ where: { tenantId } }),
  ]);
  return { items: rows.map(dto), total };
}

export async function linkPayer(
  db: Db,
  input: { tenantId: string; actorId: string; requestId?: string; payerDocument: string; customerId: number; payerName?: string; client?: AdvboxClient },
): Promise<MappingDto> {
  const { tenantId } = input;
  let customer;
  try {
    const client = input.client ?? (await advboxClientForTenant(db, tenantId)).interactive();
    customer = await client.getCustomer(input.customerId);
  } catch (err) {
    if (err instanceof AdvboxApiError) throw toApiError(err);
    throw err;
  }
  if (!customer) throw notFound('Cliente não encontrado no Advbox.');
  const row = await db.$transaction(async (tx) => {
    const data = { advboxCustomerId: String(customer.id), advboxCustomerName: customer.name.slice(0, 160), payerName: input.payerName ?? null, createdBy: input.actorId };
    const m = await tx.clientMapping.upsert({
      where: { tenantId_payerDocument: { tenantId, payerDocument: input.payerDocument } },
      create: { tenantId, payerDocument: input.payerDocument, ...data },
      update: data,
    });
    await writeAudit(tx, {
      tenantId,
      actorId: input.actorId,
      action: 'reconciliation.linked',
      entityType: 'client_mapping',
      entityId: m.id,
      metadata: { payerDocument: input.payerDocument, customerId: String(customer.id) },
      requestId: input.requestId,
    });
    await createNotification(tx, {
      tenantId,
      type: 'reconciliation.linked',
      title: 'Pagador vinculado a um cliente',
      body: `Pagamentos de ${maskDocument(input.payerDocument)} passam a ser atribuídos a ${customer.name}.`,
      link: '/conciliacao',
    });
    await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'mapping', ids: [m.id] });
    return m;
  });
  await invalidateTenantRecon(tenantId);
  await scheduleReconciliationPrecompute(tenantId);
  return dto(row);
}

export async function unlinkPayer(db: Db, input: { tenantId: string; actorId: string; requestId?: string; id: string }): Promise<{ id: string; deleted: true }> {
  const { tenantId, id } = input;
  await db.$transaction(async (tx) => {
    const m = await tx.clientMapping.findFirst({ where: { id, tenantId } });
    if (!m) throw notFound('Vínculo não encontrado.');
    await tx.clientMapping.delete({ where: { id: m.id } });
    await writeAudit(tx, {
      tenantId,
      actorId: input.actorId,
      action: 'reconciliation.unlinked',
      entityType: 'client_mapping',
      entityId: id,
      metadata: { payerDocument: m.payerDocument, customerId: m.advboxCustomerId },
      requestId: input.requestId,
    });
    await createNotification(tx, {
      tenantId,
      type: 'reconciliation.unlinked',
      title: 'Vínculo de pagador removido',
      body: `Pagamentos de ${maskDocument(m.payerDocument)} não são mais atribuídos automaticamente a ${m.advboxCustomerName ?? 'este cliente'}.`,
      link: '/conciliacao',
    });
    await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'mapping', ids: [id] });
  });
  await invalidateTenantRecon(tenantId);
  await scheduleReconciliationPrecompute(tenantId);
  return { id, deleted: true };
}
