// Confirming a match: the credit paid these receivable(s). Race-safe and
// idempotent:
//   1. claim — in one transaction, lock the credit's row (two confirms of
//      one credit run one after the other), refuse a credit already
//      confirmed, insert one CONFIRMED record per receivable: the partial
//      unique index uq_recon_active_receivable lets exactly one of two
//      concurrent confirms of a receivable in, the other gets a 409;
//   2. mark each receivable paid in Advbox (PUT date_payment only) with the
//      credit's calendar date (the bank's day, São Paulo);
//   3. record — flag the records marked, audit, notification, event; or, when
//      Advbox failed, reopen what this confirm already marked (a split never
//      stays half paid) and release the claim, answering with Advbox's reason.
// An idempotency key stores the first successful answer; a retry with the
// same key and body gets it back, one with another body a 422, one while the
// first still runs a 409.
// A claim is this request's for RECOVER_AFTER_MS; a process that died
// between 1 and 3 leaves it to the recovery sweep (recover.ts), which reads
// Advbox and completes or releases it. Steps 3 and the roll-back check that
// the claim is still theirs, so a request slower than that never undoes
// what the sweep settled.
// A receivable not in the snapshot (created in Advbox after the last crawl)
// is looked up in Advbox before the 404.
import { createHash } from 'node:crypto';
import { AdvboxApiError, advboxClientForTenant, toApiError, type AdvboxClient } from '@/lib/advbox/client';
import { ApiError, conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantRecon } from '@/lib/cache';
import { publishEvent } from '@/lib/events/publish';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';
import { matchTransactions } from '@/lib/matching/engine';
import { settingsFromTenant } from '@/lib/matching/settings';
import type { MatchReason } from '@/lib/matching/types';
import { createNotification } from '@/lib/notifications/create-notification';
import type { Db, Tx } from '@/lib/prisma';
import { RECOVER_AFTER_MS } from './config';
import { findReceivablesCreatedSince, readReceivableSnapshot, type SnapshotReceivable } from './receivables';
import { listRecordsOfTransaction, type ReconciliationDto } from './records';
import { centsString, linkReceivables } from './result';
import { scheduleReconciliationPrecompute } from './schedule';

export interface ConfirmInput {
  tenantId: string;
  /** User id; 'system:auto' for the worker's auto-confirm. */
  actorId: string;
  requestId?: string;
  transactionId: string;
  receivableIds: string[];
  idempotencyKey?: string;
  source?: 'AUTO' | 'MANUAL';
  /** Default: the tenant's client, interactive (a person waits). */
  client?: AdvboxClient;
}

export interface ConfirmResultDto {
  transactionId: string;
  customerId: string | null;
  /** YYYY-MM-DD sent to Advbox as date_payment. */
  datePaid: string;
  source: 'AUTO' | 'MANUAL';
  records: ReconciliationDto[];
}

const UNIQUE_VIOLATION = (err: unknown) => {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'P2002' || e?.code === '23505' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505';
};

/** The record step's transaction: see its call. */
export const RECORD_TX = { timeout: 30_000, maxWait: 10_000 } as const;

/** Longer than a confirm can run (Advbox calls time out well within it). */
export const ABANDONED_KEY_SECONDS = 120;

export function requestHash(input: Pick<ConfirmInput, 'transactionId' | 'receivableIds'>): string {
  return createHash('sha256').update(JSON.stringify({ t: input.transactionId, r: [...input.receivableIds].sort() })).digest('hex');
}

/** Reserves the key; returns the stored answer when the first request finished. */
async function reserveKey(db: Db, tenantId: string, key: string, hash: string): Promise<ConfirmResultDto | null> {
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO reconciliation_requests (id, tenant_id, idempotency_key, request_hash)
    VALUES (gen_random_uuid(), ${tenantId}::uuid, ${key}, ${hash})
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`;
  if (inserted.length) return null;
  const row = await db.reconciliationRequest.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: key } } });
  if (!row) throw conflict('Esta confirmação acabou de ser reprocessada; tente novamente.');
  if (row.requestHash !== hash) throw new ApiError('validation_failed', 'Esta chave de idempotência já foi usada em outra confirmação.', { field: 'idempotencyKey' });
  if (row.response === null) {
    // A reservation nobody answered for this long belongs to a request that died (its process killed, or
    // the database lost before the key could be released): the retry takes it over instead of a 409
    // forever. Safe: the claim, not the key, guards against paying twice (a credit the dead request
    // already claimed answers 409 "já foi conciliado").
    const taken = await db.$executeRaw`
      UPDATE reconciliation_requests SET created_at = now()
      WHERE id = ${row.id}::uuid AND response IS NULL AND created_at < now() - make_interval(secs => ${ABANDONED_KEY_SECONDS})`;
    if (taken === 1) return null;
    throw conflict('Uma confirmação com esta chave ainda está em andamento.');
  }
  return row.response as unknown as ConfirmResultDto;
}

async function releaseKey(db: Db, tenantId: string, key: string | undefined): Promise<void> {
  if (!key) return;
  // Only a key whose first request did not finish: a failure is not replayed, a retry tries again.
  await db.$executeRaw`DELETE FROM reconciliation_requests WHERE tenant_id = ${tenantId}::uuid AND idempotency_key = ${key} AND response IS NULL`;
}

/** Score and explanation of this credit against exactly these receivables (the engine, one credit). */
async function scoreOf(
  db: Db,
  tenantId: string,
  credit: { id: string; date: Date; amount: Prisma.Decimal; description: string; payerName: string | null; payerDocument: string | null },
  receivables: SnapshotReceivable[],
): Promise<{ customerId: string | null; score: number; reasons: MatchReason[] }> {
  const docs = receivables.map((r) => r.doc).filter((d): d is string => !!d);
  const names = receivables.map((r) => r.name).filter((n): n is string => !!n);
  const rows = await db.advboxCustomer.findMany({
    where: { tenantId, OR: [{ document: { in: docs } }, { name: { in: names } }] },
    select: { advboxId: true, name: true, document: true, email: true, cellphone: true, phone: true },
  });
  const customers = rows.map((c) => ({ id: Number(c.advboxId), name: c.name, document: c.document, email: c.email, phone: c.cellphone ?? c.phone }));
  const { linked } = linkReceivables(customers, receivables);
  const customerId = linked[0]?.customerId ?? null;
  if (!customerId) return { customerId: null, score: 0, reasons: [] };
  const settingsRow = await db.tenantSettings.findUnique({ where: { tenantId } });
  const settings = settingsFromTenant(
    settingsRow ?? { weightDocument: 40, weightName: 25, weightContact: 5, weightAmount: 20, weightDate: 10, thresholdHigh: 85, thresholdMedium: 60 },
  );
  const mappings = await db.clientMapping.findMany({ where: { tenantId, advboxCustomerId: customerId }, select: { payerDocument: true, advboxCustomerId: true } });
  const { results } = matchTransactions(
    {
      transactions: [
        {
          id: credit.id,
          date: credit.date.toISOString().slice(0, 10),
          amountCents: Math.round(Number(credit.amount) * 100),
          type: 'CREDIT',
          description: credit.description,
          payerName: credit.payerName,
          payerDocument: credit.payerDocument,
          payerEmail: null,
          payerPhone: null,
        },
      ],
      customers: customers.filter((c) => String(c.id) === customerId).map((c) => ({ ...c, id: String(c.id) })),
      receivables: linked.filter((r) => r.customerId === customerId),
      clientMappings: mappings.map((m) => ({ payerDocument: m.payerDocument, customerId: m.advboxCustomerId })),
      rejections: [],
    },
    settings,
  );
  const r = results[0]!;
  const alt = r.customerId ? r.score : (r.alternatives[0]?.score ?? 0);
  return { customerId, score: Math.round(alt * 10_000) / 100, reasons: r.reasons };
}

export async function confirmReconciliation(db: Db, input: ConfirmInput): Promise<ConfirmResultDto> {
  const { tenantId, transactionId } = input;
  const source = input.source ?? 'MANUAL';
  const ids = [...new Set(input.receivableIds)];
  if (ids.length !== input.receivableIds.length) throw new ApiError('validation_failed', 'Recebível repetido na lista.', { field: 'receivableIds' });

  const credit = await db.pluggyTransaction.findFirst({
    where: { id: transactionId, tenantId, deletedAt: null },
    select: { id: true, date: true, amount: true, type: true, description: true, payerName: true, payerDocument: true, ignored: true },
  });
  if (!credit) throw notFound('Transação não encontrada.');
  if (credit.type !== 'CREDIT' || Number(credit.amount) <= 0) throw new ApiError('validation_failed', 'Só créditos podem ser conciliados.', { field: 'transactionId' });

  if (input.idempotencyKey) {
    const previous = await reserveKey(db, tenantId, input.idempotencyKey, requestHash(input));
    if (previous) return previous;
  }
  try {
    return await confirmClaimed(db, input, credit, ids, source);
  } catch (err) {
    await releaseKey(db, tenantId, input.idempotencyKey).catch(() => undefined);
    throw err;
  }
}

async function confirmClaimed(
  db: Db,
  input: ConfirmInput,
  credit: { id: string; date: Date; amount: Prisma.Decimal; description: string; payerName: string | null; payerDocument: string | null },
  ids: string[],
  source: 'AUTO' | 'MANUAL',
): Promise<ConfirmResultDto> {
  const { tenantId, transactionId } = input;
  let client: AdvboxClient | undefined = input.client;
  const advbox = async () => (client ??= (await advboxClientForTenant(db, tenantId)).interactive());
  const chosen = await receivablesOf(db, tenantId, ids, advbox);
  const datePaid = credit.date.toISOString().slice(0, 10);
  const { customerId, score, reasons } = await scoreOf(db, tenantId, credit, chosen);

  // 1. Claim.
  let recordIds: string[];
  try {
    recordIds = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM pluggy_transactions WHERE id = ${transactionId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
      const already = await tx.reconciliationRecord.count({ where: { tenantId, pluggyTransactionDbId: transactionId, status: 'CONFIRMED' } });
      if (already) throw conflict('Este crédito já foi conciliado.');
      const out: string[] = [];
      for (const r of chosen) {
        const rec = await tx.reconciliationRecord.create({
          data: {
            tenantId,
            pluggyTransactionDbId: transactionId,
            advboxTransactionId: String(r.id),
            advboxCustomerId: customerId,
            amount: centsString(r.cents),
            score: score.toFixed(2),
            scoreBreakdown: reasons as unknown as Prisma.InputJsonValue,
            source,
            status: 'CONFIRMED',
            datePaid: new Date(`${datePaid}T00:00:00.000Z`),
            markedPaidInAdvbox: false,
            confirmedBy: input.actorId,
          },
          select: { id: true },
        });
        out.push(rec.id);
      }
      return out;
    });
  } catch (err) {
    if (UNIQUE_VIOLATION(err)) throw conflict('Este recebível já foi conciliado com outro crédito.');
    throw err;
  }

  // 2. Advbox.
  const marked: SnapshotReceivable[] = [];
  try {
    const c = await advbox();
    for (const r of chosen) {
      await c.markPaid(r.id, datePaid);
      marked.push(r);
    }
  } catch (err) {
    await rollBack(db, input, recordIds, marked, err);
    if (err instanceof AdvboxApiError) {
      const api = toApiError(err);
      throw new ApiError(api.code, `Não foi possível marcar o recebível como pago no Advbox: ${err.message}`, api.details, api.headers);
    }
    throw err;
  }

  // 3. Record — only while the claim is still this request's (younger than
  // RECOVER_AFTER_MS): past that the recovery sweep owns it and may already
  // have settled it from what Advbox says.
  const result = await db.$transaction(async (tx) => {
    const owned = await tx.$executeRaw`
      UPDATE reconciliation_records SET marked_paid_in_advbox = true, updated_at = now()
      WHERE id = ANY(${recordIds}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED'
        AND marked_paid_in_advbox = false AND confirmed_at > now() - make_interval(secs => ${RECOVER_AFTER_MS / 1000})`;
    if (owned !== recordIds.length) {
      const rows = await tx.reconciliationRecord.findMany({ where: { id: { in: recordIds }, tenantId }, select: { status: true, markedPaidInAdvbox: true } });
      // The sweep completed it (Advbox said paid): the same outcome, already audited.
      if (rows.length === recordIds.length && rows.every((r) => r.status === 'CONFIRMED' && r.markedPaidInAdvbox)) {
        return storeAnswer(tx, input, { transactionId, customerId, datePaid, source, records: await listRecordsOfTransaction(tx, tenantId, transactionId) });
      }
      // Still a claim, only too old: the sweep reads Advbox and settles it.
      if (rows.length === recordIds.length && rows.every((r) => r.status === 'CONFIRMED')) return 'late' as const;
      // Undone by a person, or released by the sweep, while this request marked them paid.
      return 'lost' as const;
    }
    await writeConfirmed(tx, { tenantId, transactionId, actorId: source === 'AUTO' ? null : input.actorId, requestId: input.requestId, source, receivableIds: ids, customerId, datePaid, score, recordIds });
    const records = await listRecordsOfTransaction(tx, tenantId, transactionId);
    return storeAnswer(tx, input, { transactionId, customerId, datePaid, source, records });
    // The receivable is already paid in Advbox: failing here would answer 500 for a payment that happened and
    // leave the record unflagged and unaudited. Prisma's default 5 s (2 s to get a connection) was exceeded on a
    // loaded machine in the soak (npm run soak), so this transaction gets room to finish.
  }, RECORD_TX);
  if (result === 'late') {
    throw new ApiError('service_unavailable', 'A confirmação demorou demais; ela será conferida com o Advbox e concluída ou desfeita automaticamente em alguns minutos.');
  }
  if (result === 'lost') {
    await reopenLost(db, input, marked);
    throw conflict('A conciliação foi desfeita enquanto era confirmada; o recebível voltou a ficar em aberto no Advbox.');
  }
  // After the commit: a reader between an earlier bump and the commit would cache the old rows.
  await invalidateTenantRecon(tenantId);
  if (source === 'MANUAL') await scheduleReconciliationPrecompute(tenantId);
  return result;
}

/**
 * The chosen receivables, from the snapshot; ids it does not hold are looked
 * up in Advbox among those created since the crawl (a receivable the firm
 * just added). Still unknown → 404.
 */
async function receivablesOf(db: Db, tenantId: string, ids: string[], advbox: () => Promise<AdvboxClient>): Promise<SnapshotReceivable[]> {
  const snapshot = await readReceivableSnapshot(db, tenantId);
  const byId = new Map((snapshot?.items ?? []).map((r) => [String(r.id), r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length && snapshot) {
    try {
      for (const r of await findReceivablesCreatedSince(await advbox(), missing.map(Number), snapshot.fetchedAt)) byId.set(String(r.id), r);
    } catch (err) {
      if (!(err instanceof AdvboxApiError)) throw err;
      const api = toApiError(err);
      throw new ApiError(api.code, `Recebível fora da última leitura do Advbox, e o Advbox não respondeu ao conferi-lo: ${err.message}`, api.details, api.headers);
    }
  }
  const receivables = ids.map((id) => byId.get(id));
  if (receivables.some((r) => !r)) throw notFound('Recebível não encontrado entre os recebíveis em aberto do Advbox.');
  return receivables as SnapshotReceivable[];
}

async function storeAnswer(tx: Tx, input: ConfirmInput, dto: ConfirmResultDto): Promise<ConfirmResultDto> {
  if (input.idempotencyKey) {
    await tx.reconciliationRequest.update({
      where: { tenantId_idempotencyKey: { tenantId: input.tenantId, idempotencyKey: input.idempotencyKey } },
      data: { response: dto as unknown as Prisma.InputJsonValue },
    });
  }
  return dto;
}

/** The audit row, notification and event of a confirm that marked its receivables paid (also the recovery sweep's). */
export async function writeConfirmed(
  tx: Tx,
  e: { tenantId: string; transactionId: string; actorId: string | null; requestId?: string; source: 'AUTO' | 'MANUAL'; receivableIds: string[]; customerId: string | null; datePaid: string; score: number; recordIds: string[]; recovered?: boolean },
): Promise<void> {
  const { tenantId, transactionId, source, datePaid, recordIds } = e;
  await writeAudit(tx, {
    tenantId,
    actorId: e.actorId,
    action: 'reconciliation.confirmed',
    entityType: 'pluggy_transaction',
    entityId: transactionId,
    metadata: { source, receivableIds: e.receivableIds, customerId: e.customerId, datePaid, score: e.score, recordIds, ...(e.recovered ? { recovered: true } : {}) },
    requestId: e.requestId,
  });
  const n = e.receivableIds.length;
  await createNotification(tx, {
    tenantId,
    type: 'reconciliation.confirmed',
    title: source === 'AUTO' ? 'Conciliação automática registrada' : 'Conciliação confirmada',
    body: `${n === 1 ? 'Recebível marcado' : `${n} recebíveis marcados`} como pago${n === 1 ? '' : 's'} no Advbox em ${datePaid.split('-').reverse().join('/')}.`,
    link: '/conciliacao',
  });
  await publishEvent(tx, { type: 'reconciliation_ready', tenantId, entity: 'reconciliation', ids: recordIds });
}

/** Reopens what this confirm marked after its claim was taken away, unless another confirm holds the receivable now. */
async function reopenLost(db: Db, input: ConfirmInput, marked: SnapshotReceivable[]): Promise<void> {
  const { tenantId } = input;
  const held = await db.reconciliationRecord.findMany({
    where: { tenantId, status: 'CONFIRMED', advboxTransactionId: { in: marked.map((r) => String(r.id)) } },
    select: { advboxTransactionId: true },
  });
  const client = input.client ?? (await advboxClientForTenant(db, tenantId));
  for (const r of marked) {
    if (held.some((h) => h.advboxTransactionId === String(r.id))) continue;
    await client.reopen(r.id).catch((err: unknown) => log('error', 'reconciliation: could not reopen a receivable whose claim was taken away', { tenantId, receivableId: r.id, err }));
  }
}

/**
 * Advbox failed: reopen what this confirm marked, then release the claim
 * (and say so in the audit). A claim past RECOVER_AFTER_MS is the recovery
 * sweep's and is left to it; so is one whose receivable could not be
 * reopened (the sweep reopens it and releases the claim later, so a split
 * never stays half paid).
 */
async function rollBack(db: Db, input: ConfirmInput, recordIds: string[], marked: SnapshotReceivable[], cause: unknown): Promise<void> {
  const { tenantId } = input;
  const [row] = await db.$queryRaw<{ owned: number }[]>`
    SELECT count(*)::int AS owned FROM reconciliation_records
    WHERE id = ANY(${recordIds}::uuid[]) AND tenant_id = ${tenantId}::uuid AND status = 'CONFIRMED'
      AND marked_paid_in_advbox = false AND confirmed_at > now() - make_interval(secs => ${RECOVER_AFTER_MS / 1000})`;
  if (row?.owned !== recordIds.length) {
    log('warn', 'reconciliation: a failed confirm outlived its claim; the recovery sweep settles it', { tenantId, recordIds });
    return;
  }
  const stillPaid: number[] = [];
  if (marked.length) {
    // Background mode: waits out a 429 rather than leaving a receivable paid.
    const client = input.client ?? (await advboxClientForTenant(db, tenantId));
    for (const r of marked) {
      try {
        await client.reopen(r.id);
      } catch (err) {
        stillPaid.push(r.id);
        log('error', 'reconciliation: could not reopen a receivable after a failed confirm; the recovery sweep will', { tenantId, receivableId: r.id, err });
      }
    }
  }
  await db.$transaction(async (tx) => {
    if (!stillPaid.length) await tx.reconciliationRecord.deleteMany({ where: { id: { in: recordIds }, tenantId, status: 'CONFIRMED', markedPaidInAdvbox: false } });
    await writeAudit(tx, {
      tenantId,
      actorId: input.source === 'AUTO' ? null : input.actorId,
      action: 'reconciliation.confirm_failed',
      entityType: 'pluggy_transaction',
      entityId: input.transactionId,
      metadata: {
        receivableIds: input.receivableIds,
        reopened: marked.map((r) => r.id).filter((id) => !stillPaid.includes(id)),
        stillPaidInAdvbox: stillPaid,
        reason: cause instanceof Error ? cause.message : String(cause),
      },
      requestId: input.requestId,
    });
  });
}
