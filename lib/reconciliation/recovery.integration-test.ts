// Recovery of interrupted confirms and undos, confirms of receivables newer
// than the snapshot, and retries of failed confirms with their idempotency
// key — over real PostgreSQL and Redis, the tenant's Advbox client
// (production code) and the Advbox sandbox. A process that died mid-way is
// simulated by the rows it leaves: the claim confirm.ts writes in step 1 (or
// the start an undo writes), dated past RECOVER_AFTER_MS, with Advbox marked
// or not as the dead process got to.
import { beforeAll, describe, expect, it } from 'vitest';
import { advboxClientForTenant } from '@/lib/advbox/client';
import { POST as postConfirm } from '@/app/api/reconciliation/confirm/route';
import { DELETE as deleteRecon } from '@/app/api/reconciliation/[id]/route';
import { startJobWorkers } from '@/lib/jobs';
import { runReconciliationPrecompute } from '@/lib/reconciliation-worker';
import { generateBook } from '@/lib/synthetic/book';
import type { AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { testJob, waitFor } from '@/test/jobs';
import { noRedis } from '@/test/redis';
import { createReconFirm, withReconSandbox, type ReconFirm } from '@/test/reconciliation';
import { RECOVER_AFTER_MS } from './config';
import { loadFullResult } from './full';
import { reconciliationRecoverJob, recoverReconciliations } from './recover';
import { centsString, type ReconRowDto } from './result';

const { db, pool } = testDb();
const book = generateBook({ seed: 21, customers: 60, anchorDate: '2026-11-30' });
const ORIGIN = { origin: 'http://localhost:3000' };
const { sandbox } = withReconSandbox();
let sb: AdvboxSandbox;
beforeAll(() => {
  sb = sandbox();
});

const confirm = (f: ReconFirm, body: Record<string, unknown>) =>
  call(postConfirm, { method: 'POST', path: '/api/reconciliation/confirm', token: f.users.MEMBER.token, body, headers: ORIGIN });
const undo = (f: ReconFirm, id: string) =>
  call(deleteRecon, { method: 'DELETE', path: `/api/reconciliation/${id}`, token: f.users.MEMBER.token, params: { id }, headers: ORIGIN });

/** A firm with its result computed; its rows (auto rows first are the easy matches). */
async function firmWithRows(name: string): Promise<{ f: ReconFirm; rows: ReconRowDto[] }> {
  const f = await createReconFirm(db, sb, book, name);
  const r = await runReconciliationPrecompute(db, f.tenantId);
  expect(r.skipped).toBeUndefined();
  const { full } = await loadFullResult(db, f.tenantId);
  return { f, rows: full.rows };
}

const longAgo = () => new Date(Date.now() - RECOVER_AFTER_MS - 5 * 60_000);

/** The claim a confirm writes before calling Advbox (step 1), as a process that died left it. */
async function deadClaim(f: ReconFirm, credit: ReconRowDto, receivableIds: string[], { at = longAgo() } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (const rid of receivableIds) {
    const rec = await db.reconciliationRecord.create({
      data: {
        tenantId: f.tenantId,
        pluggyTransactionDbId: credit.transaction.id,
        advboxTransactionId: rid,
        advboxCustomerId: credit.customer?.id ?? null,
        amount: credit.transaction.amount,
        score: '90.00',
        source: 'MANUAL',
        status: 'CONFIRMED',
        datePaid: new Date(`${credit.transaction.date}T00:00:00.000Z`),
        markedPaidInAdvbox: false,
        confirmedBy: f.users.MEMBER.userId,
        confirmedAt: at,
      },
    });
    ids.push(rec.id);
  }
  return ids;
}

/** What the dead process got done in Advbox, through the tenant's own client. */
async function markPaid(f: ReconFirm, receivableId: string, date: string) {
  await (await advboxClientForTenant(db, f.tenantId)).markPaid(Number(receivableId), date);
}

const isPaid = (f: ReconFirm, id: string) => sb.firm(f.token).isPaid(Number(id));
const audits = (f: ReconFirm, action: string) => db.auditLog.findMany({ where: { tenantId: f.tenantId, action } });

/** Open receivables of one client no record claims yet, and an unmatched credit to pay them with. */
async function freeReceivables(f: ReconFirm, rows: ReconRowDto[], n: number): Promise<{ credit: ReconRowDto; ids: string[] }> {
  const claimed = new Set((await db.reconciliationRecord.findMany({ where: { tenantId: f.tenantId } })).map((r) => r.advboxTransactionId));
  const byCustomer = new Map<number, string[]>();
  for (const r of book.receivables) {
    if (r.paidDate !== null || claimed.has(String(r.id)) || isPaid(f, String(r.id))) continue;
    byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), String(r.id)]);
  }
  const ids = [...byCustomer.values()].find((l) => l.length >= n)!.slice(0, n);
  const taken = new Set((await db.reconciliationRecord.findMany({ where: { tenantId: f.tenantId } })).map((r) => r.pluggyTransactionDbId));
  const credit = rows.filter((r) => r.status === 'unmatched' && !taken.has(r.transaction.id)).at(-1)!;
  return { credit, ids };
}

describe.skipIf(noRedis)('recovery of a confirm whose process died', () => {
  let f: ReconFirm;
  let rows: ReconRowDto[];
  let used: Set<string>;
  beforeAll(async () => {
    ({ f, rows } = await firmWithRows('Recuperação'));
    used = new Set();
    await db.tenantSettings.update({ where: { tenantId: f.tenantId }, data: { notifyOnReconciled: true } });
  });
  const nextAuto = () => {
    const row = rows.find((r) => r.status !== 'unmatched' && r.receivables.length === 1 && !used.has(r.transaction.id))!;
    used.add(row.transaction.id);
    return row;
  };

  it('after the Advbox PUT: the sweep completes the record (marked, audit, notification, event), once', async () => {
    const row = nextAuto();
    const rid = row.receivables[0]!.id;
    const [recId] = await deadClaim(f, row, [rid]);
    await markPaid(f, rid, row.transaction.date);
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ completed: 1, released: 0, left: 0 });
    const rec = await db.reconciliationRecord.findUnique({ where: { id: recId } });
    expect(rec).toMatchObject({ status: 'CONFIRMED', markedPaidInAdvbox: true });
    const audit = (await audits(f, 'reconciliation.confirmed')).filter((a) => a.entityId === row.transaction.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.metadata).toMatchObject({ recovered: true, receivableIds: [rid], datePaid: row.transaction.date });
    expect(audit[0]!.actorId).toBe(f.users.MEMBER.userId);
    expect(await db.notification.count({ where: { tenantId: f.tenantId, type: 'reconciliation.confirmed' } })).toBe(1);
    const { rows: ev } = await pool.query(`SELECT ids FROM realtime_events WHERE tenant_id = $1 AND type = 'reconciliation_ready' AND ids @> $2::jsonb`, [f.tenantId, JSON.stringify([recId])]);
    expect(ev.length).toBe(1);
    expect(isPaid(f, rid)).toBe(true);
    // Idempotent: a second sweep finds nothing, and Advbox is not written again.
    const puts = sb.requests.filter((r) => r.method === 'PUT').length;
    expect(await recoverReconciliations(db, { tenantId: f.tenantId })).toMatchObject({ completed: 0, released: 0, left: 0 });
    expect(sb.requests.filter((r) => r.method === 'PUT').length).toBe(puts);
    expect((await audits(f, 'reconciliation.confirmed')).filter((a) => a.entityId === row.transaction.id)).toHaveLength(1);
  });

  it('before the Advbox PUT: the sweep releases the claim and its idempotency key; the same request then confirms', async () => {
    const row = nextAuto();
    const rid = row.receivables[0]!.id;
    const body = { transactionId: row.transaction.id, receivableIds: [rid], idempotencyKey: `dead-${row.transaction.id}` };
    await deadClaim(f, row, [rid]);
    // The key the dead request reserved, with no answer.
    await pool.query(
      `INSERT INTO reconciliation_requests (id, tenant_id, idempotency_key, request_hash, created_at) VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
      [f.tenantId, body.idempotencyKey, 'x'.repeat(64), longAgo()],
    );
    // Meanwhile the receivable is held and the key is busy.
    expect((await confirm(f, { transactionId: row.transaction.id, receivableIds: [rid] })).status).toBe(409);
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ completed: 0, released: 1, left: 0, keys: 1 });
    expect(await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, pluggyTransactionDbId: row.transaction.id } })).toBe(0);
    expect(isPaid(f, rid)).toBe(false);
    const failed = (await audits(f, 'reconciliation.confirm_failed')).filter((a) => a.entityId === row.transaction.id);
    expect(failed.map((a) => a.metadata)).toMatchObject([{ recovered: true, reopened: [] }]);
    expect(await db.notification.count({ where: { tenantId: f.tenantId, type: 'reconciliation.confirm_failed' } })).toBeGreaterThan(0);
    const res = await confirm(f, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(isPaid(f, rid)).toBe(true);
  });

  it('a split cut short (first receivable paid, second not): the first is reopened and the claim released', async () => {
    const { credit, ids } = await freeReceivables(f, rows, 2);
    await deadClaim(f, credit, ids);
    await markPaid(f, ids[0]!, credit.transaction.date);
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ released: 1, left: 0 });
    expect(ids.map((id) => isPaid(f, id))).toEqual([false, false]);
    const puts = sb.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/transactions/${ids[0]}`)).map((r) => r.body);
    expect(puts).toEqual([{ date_payment: credit.transaction.date }, { date_payment: null }]);
    expect(await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, pluggyTransactionDbId: credit.transaction.id } })).toBe(0);
  });

  it('leaves a claim younger than the threshold (a confirm still running) and one Advbox cannot vouch for', async () => {
    const young = nextAuto();
    const [youngId] = await deadClaim(f, young, [young.receivables[0]!.id], { at: new Date() });
    await markPaid(f, young.receivables[0]!.id, young.transaction.date);
    const down = nextAuto();
    const [downId] = await deadClaim(f, down, [down.receivables[0]!.id]);
    // Advbox fails every attempt of the day's listing.
    sb.inject({ fault: 503, method: 'GET', path: '/transactions', times: 3 });
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ completed: 0, released: 0, left: 1 });
    expect(await db.reconciliationRecord.findUnique({ where: { id: youngId } })).toMatchObject({ status: 'CONFIRMED', markedPaidInAdvbox: false });
    expect(await db.reconciliationRecord.findUnique({ where: { id: downId } })).toMatchObject({ status: 'CONFIRMED', markedPaidInAdvbox: false });
    // The next sweep, with Advbox back, settles the old one only.
    sb.clearFaults();
    expect(await recoverReconciliations(db, { tenantId: f.tenantId })).toMatchObject({ released: 1, left: 0 });
    expect(await db.reconciliationRecord.findUnique({ where: { id: downId } })).toBeNull();
    expect(await db.reconciliationRecord.findUnique({ where: { id: youngId } })).toMatchObject({ markedPaidInAdvbox: false });
    // An undo of the old claim waits for the sweep instead of guessing what Advbox has.
    const stale = nextAuto();
    const [staleId] = await deadClaim(f, stale, [stale.receivables[0]!.id]);
    expect((await undo(f, staleId!)).status).toBe(409);
  });

  it('is a durable job that runs when workers start, scoped to the tenant it is given', async () => {
    const { f: other, rows: otherRows } = await firmWithRows('Outra recuperação');
    const row = otherRows.find((r) => r.status === 'auto' && r.receivables.length === 1)!;
    const [recId] = await deadClaim(other, row, [row.receivables[0]!.id]);
    await markPaid(other, row.receivables[0]!.id, row.transaction.date);
    const mine = nextAuto();
    const [mineId] = await deadClaim(f, mine, [mine.receivables[0]!.id]);
    // The registered job's handler and start-up run, under a name of its own (no other test process's worker takes it).
    const job = testJob('recon-recover', {
      schema: reconciliationRecoverJob.schema,
      handler: reconciliationRecoverJob.handler,
      coalesce: {},
      retry: { limit: 0 },
      schedule: { cron: '0 0 1 1 *', runAtStart: true, payload: { tenantId: other.tenantId } },
    });
    expect(reconciliationRecoverJob.schedule).toMatchObject({ runAtStart: true });
    await startJobWorkers({ jobs: [job], pollingIntervalSeconds: 0.5 });
    await waitFor('the start-up sweep', async () => (await db.reconciliationRecord.findUnique({ where: { id: recId } }))?.markedPaidInAdvbox, 30_000);
    // Another tenant's claim is not this run's.
    expect(await db.reconciliationRecord.findUnique({ where: { id: mineId } })).toMatchObject({ markedPaidInAdvbox: false });
  });
});

describe.skipIf(noRedis)('recovery of an undo whose process died', () => {
  let f: ReconFirm;
  let rows: ReconRowDto[];
  beforeAll(async () => {
    ({ f, rows } = await firmWithRows('Desfazer interrompido'));
  });

  /** A confirmed match, then the start of an undo as a dead process left it. */
  async function interruptedUndo(row: ReconRowDto, { reopened }: { reopened: boolean }): Promise<string> {
    const rid = row.receivables[0]!.id;
    const res = await confirm(f, { transactionId: row.transaction.id, receivableIds: [rid] });
    expect(res.status).toBe(200);
    const id = res.json.records[0].id as string;
    await db.reconciliationRecord.update({ where: { id }, data: { undoStartedAt: longAgo(), undoStartedBy: f.users.ADMIN.userId, undoReason: 'Cliente errado' } });
    if (reopened) await (await advboxClientForTenant(db, f.tenantId)).reopen(Number(rid));
    return id;
  }

  it('reopened in Advbox but still CONFIRMED: the sweep finishes the undo', async () => {
    const row = rows.filter((r) => r.status !== 'unmatched' && r.receivables.length === 1)[0]!;
    const id = await interruptedUndo(row, { reopened: true });
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ undone: 1, restored: 0, left: 0 });
    const rec = await db.reconciliationRecord.findUnique({ where: { id } });
    expect(rec).toMatchObject({ status: 'UNDONE', undoneBy: f.users.ADMIN.userId, undoReason: 'Cliente errado', undoStartedAt: null });
    const audit = (await audits(f, 'reconciliation.undone')).filter((a) => a.entityId === id);
    expect(audit.map((a) => [a.actorId, a.metadata])).toMatchObject([[f.users.ADMIN.userId, { recovered: true, reopened: [row.receivables[0]!.id] }]]);
    expect(isPaid(f, row.receivables[0]!.id)).toBe(false);
    expect(await recoverReconciliations(db, { tenantId: f.tenantId })).toMatchObject({ undone: 0, restored: 0, left: 0 });
  });

  it('started but Advbox still has it paid: the start is cleared, the match stays, and a new undo works', async () => {
    const row = rows.filter((r) => r.status !== 'unmatched' && r.receivables.length === 1)[1]!;
    const id = await interruptedUndo(row, { reopened: false });
    const out = await recoverReconciliations(db, { tenantId: f.tenantId });
    expect(out).toMatchObject({ undone: 0, restored: 1, left: 0 });
    expect(await db.reconciliationRecord.findUnique({ where: { id } })).toMatchObject({ status: 'CONFIRMED', markedPaidInAdvbox: true, undoStartedAt: null });
    expect(isPaid(f, row.receivables[0]!.id)).toBe(true);
    const res = await undo(f, id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(isPaid(f, row.receivables[0]!.id)).toBe(false);
  });

  it('an undo records its start first, so a second one meanwhile is refused', async () => {
    const row = rows.filter((r) => r.status !== 'unmatched' && r.receivables.length === 1)[2]!;
    const res = await confirm(f, { transactionId: row.transaction.id, receivableIds: [row.receivables[0]!.id] });
    const id = res.json.records[0].id as string;
    await db.reconciliationRecord.update({ where: { id }, data: { undoStartedAt: new Date(), undoStartedBy: f.users.ADMIN.userId } });
    expect((await undo(f, id)).status).toBe(409);
    expect(isPaid(f, row.receivables[0]!.id)).toBe(true);
  });
});

describe.skipIf(noRedis)('confirm of a receivable newer than the snapshot, and retries after a failure', () => {
  it('looks an unknown receivable up in Advbox: an open receivable of the firm created after the crawl is confirmed', async () => {
    const { f, rows } = await firmWithRows('Recebível novo');
    const other = await createReconFirm(db, sb, book, 'Recebível de outra');
    const credit = rows.filter((r) => r.status === 'unmatched').at(-1)!;
    const customer = book.customers.find((c) => c.document)!;
    // Another firm's new receivable is not this firm's.
    const foreign = sb.firm(other.token).addReceivable(customer.id, { amount: 123.45, date_due: '2026-12-10' });
    expect((await confirm(f, { transactionId: credit.transaction.id, receivableIds: [String(foreign.id)] })).status).toBe(404);
    const t = sb.firm(f.token).addReceivable(customer.id, { amount: Number(credit.transaction.amount), date_due: '2026-12-10' });
    expect(t.id).toBe(foreign.id);
    // Not open any more, or not a receivable: 404.
    const paid = sb.firm(f.token).addReceivable(customer.id, { amount: 10, date_due: '2026-12-10' });
    sb.firm(f.token).transaction(paid.id)!.date_payment = '2026-11-20';
    const expense = sb.firm(f.token).addReceivable(customer.id, { amount: 11, date_due: '2026-12-10' });
    sb.firm(f.token).transaction(expense.id)!.entry_type = 'expense';
    expect((await confirm(f, { transactionId: credit.transaction.id, receivableIds: [String(paid.id)] })).status).toBe(404);
    expect((await confirm(f, { transactionId: credit.transaction.id, receivableIds: [String(expense.id)] })).status).toBe(404);
    sb.clearRequests();
    const res = await confirm(f, { transactionId: credit.transaction.id, receivableIds: [String(t.id)] });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.records[0]).toMatchObject({ advboxTransactionId: String(t.id), amount: centsString(Math.round(Number(credit.transaction.amount) * 100)), markedPaidInAdvbox: true });
    expect(sb.firm(f.token).transaction(t.id)?.date_payment).toBe(credit.transaction.date);
    // One GET looked it up (created since the crawl), then the PUT.
    const calls = sb.requests.filter((r) => r.token === f.token);
    expect(calls.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(calls[0]!.path).toMatch(/\/transactions$/);
    expect(calls[0]!.query).toMatchObject({ created_start: expect.any(String), created_end: expect.any(String) });
    expect(calls[1]!.path).toMatch(new RegExp(`/transactions/${t.id}$`));
  });

  it('a retry with the same key after a failure tries again, and then answers as the first success', async () => {
    const { f, rows } = await firmWithRows('Repetição');
    const row = rows.find((r) => r.status === 'auto' && r.receivables.length === 1)!;
    const rid = row.receivables[0]!.id;
    const body = { transactionId: row.transaction.id, receivableIds: [rid], idempotencyKey: `retry-${row.transaction.id}` };
    sb.inject({ fault: 503, method: 'PUT', path: `/transactions/${rid}` });
    const failed = await confirm(f, body);
    expect(failed.status).toBe(502);
    expect(await db.reconciliationRequest.count({ where: { tenantId: f.tenantId, idempotencyKey: body.idempotencyKey } })).toBe(0);
    const retried = await confirm(f, body);
    expect(retried.status, JSON.stringify(retried.json)).toBe(200);
    expect(isPaid(f, rid)).toBe(true);
    const again = await confirm(f, body);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(retried.json);
    expect(sb.requests.filter((r) => r.method === 'PUT' && r.token === f.token && r.path.endsWith(`/transactions/${rid}`) && !r.note?.startsWith('fault'))).toHaveLength(1);
  });
});
