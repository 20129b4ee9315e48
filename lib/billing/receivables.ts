// GET /api/receivables: the tenant's open receivables as last crawled
// (advbox_receivable_snapshots, kept fresh by the reconciliation worker),
// linked to the cached Advbox customers for name, phone and e-mail, minus
// those a CONFIRMED reconciliation already paid. Reads only our copies: the
// page never waits for Advbox, except once for a tenant that has no snapshot
// yet (same as GET /api/reconciliation's first computation).
import { AdvboxApiError, advboxClientForTenant, toApiError } from '@/lib/advbox/client';
import { getCustomers, readCustomers, type CustomerDto } from '@/lib/advbox/customers';
import { readSecret } from '@/lib/settings/settings';
import { conflict } from '@/lib/api/errors';
import type { Db } from '@/lib/prisma';
import { windowsAt } from '@/lib/reconciliation/full';
import { readReceivableSnapshot, refreshReceivableSnapshot, type ReceivableSnapshot } from '@/lib/reconciliation/receivables';
import { linkReceivables } from '@/lib/reconciliation/result';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { buildBillingView, type BillingQuery, type BillingReceivableInput, type BillingViewDto } from './reminders';

// A person is waiting: bounded, not the background's 10 min.
const PERSON_WAITING = { maxWaitMs: 20_000, timeoutMs: 20_000 };

async function firstSnapshot(db: Db, tenantId: string, now: number): Promise<{ snapshot: ReceivableSnapshot; customers: CustomerDto[] }> {
  try {
    const client = await advboxClientForTenant(db, tenantId, PERSON_WAITING);
    const customers = (await getCustomers(db, tenantId, { client })).customers;
    const { snapshot } = await refreshReceivableSnapshot(db, tenantId, client, windowsAt(now).receivables, new Date(now));
    return { snapshot, customers };
  } catch (err) {
    if (err instanceof AdvboxApiError) throw toApiError(err);
    throw err;
  }
}

export async function listReceivables(db: Db, tenantId: string, query: BillingQuery, now: number = Date.now()): Promise<BillingViewDto> {
  // The 409 contract of GET /api/reconciliation: without a token there is no Advbox data to show.
  if (!(await readSecret(db, tenantId, 'advboxToken'))) throw conflict('Informe o token do Advbox em Configurações > Integrações antes de continuar.');
  const [stored, tenant, confirmed] = await Promise.all([
    readReceivableSnapshot(db, tenantId),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, settings: { select: { companyName: true } } } }),
    db.reconciliationRecord.findMany({ where: { tenantId, status: 'CONFIRMED' }, select: { advboxTransactionId: true } }),
  ]);
  const { snapshot, customers } = stored ? { snapshot: stored, customers: await readCustomers(db, tenantId) } : await firstSnapshot(db, tenantId, now);
  const paid = new Set(confirmed.map((r) => r.advboxTransactionId));
  const open = snapshot.items.filter((r) => !paid.has(String(r.id)));
  // The reconciliation's own link rule (document, else a name only one customer has), so both pages agree on who owes what.
  const { linked } = linkReceivables(
    customers.map((c) => ({ id: c.id, name: c.name, document: c.document, email: c.email, phone: c.cellphone ?? c.phone })),
    open,
  );
  const byId = new Map(customers.map((c) => [c.id, c]));
  const customerOf = new Map(linked.map((r) => [Number(r.id), byId.get(Number(r.customerId))]));
  // A receivable no customer links to is still owed: listed under Advbox's name for it, without contacts.
  const items: BillingReceivableInput[] = open.map((r) => ({
    id: r.id,
    cents: r.cents,
    due: r.due,
    desc: r.desc,
    customer: customerOf.get(r.id) ?? { id: null, name: r.name ?? 'Cliente não identificado', document: r.doc, email: null, phone: null, cellphone: null },
  }));
  return buildBillingView(
    items,
    {
      today: saoPauloDate(now),
      firmName: tenant.settings?.companyName?.trim() || tenant.name,
      fetchedAt: snapshot.fetchedAt.getTime() > 0 ? snapshot.fetchedAt.toISOString() : null,
      complete: snapshot.complete,
    },
    query,
  );
}
