// The reconciliation flow end to end over real PostgreSQL and Redis, the
// tenant's Advbox client (built from its encrypted token, production code)
// against the Advbox sandbox, with bank credits from the same synthetic book
// the sandbox's receivables come from: the precompute (also through a job
// worker), GET /api/reconciliation HIT/MISS, confirm (races, idempotency,
// Advbox failing, splits), undo, stale-result protection, rejections kept
// across a re-sync, links, auto-confirm's cap, and tenant isolation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAdvboxBudgetForTests } from '@/lib/advbox/client';
import { GET as getView } from '@/app/api/reconciliation/route';
import { GET as getHistory } from '@/app/api/reconciliation/history/route';
import { POST as postConfirm } from '@/app/api/reconciliation/confirm/route';
import { POST as postBulk } from '@/app/api/reconciliation/bulk-confirm/route';
import { bulkConfirmJob } from './bulk-confirm';
import { DELETE as deleteRecon } from '@/app/api/reconciliation/[id]/route';
import { POST as postLink } from '@/app/api/reconciliation/link/route';
import { DELETE as deleteMapping } from '@/app/api/reconciliation/mappings/[id]/route';
import { POST as postReject } from '@/app/api/reconciliation/reject/route';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { invalidateTenantRecon } from '@/lib/cache';
import { resetEnvCache } from '@/lib/env';
import { startJobWorkers } from '@/lib/jobs';
import { enqueue } from '@/lib/jobs/enqueue';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { reconciliationPrecomputeJob, runReconciliationPrecompute } from '@/lib/reconciliation-worker';
import { updateSettings } from '@/lib/settings/settings';
import { generateBook, type Book } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { bookCredits } from '@/test/advbox';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { testJob, waitFor, waitForState } from '@/test/jobs';
import { noRedis, startTestRedis, type TestRedis } from '@/test/redis';
import { expireReceivableSnapshot } from './receivables';
import { centsString, type ReconRowDto, type ReconViewDto } from './result';

const { db, pool } = testDb();
const BOOK = { seed: 21, customers: 40, anchorDate: '2026-11-30' };
const book: Book = generateBook(BOOK);
const ORIGIN = { origin: 'http://localhost:3000' };
let sb: AdvboxSandbox;
let redis: TestRedis;
let previousUrl: string | undefined;

beforeAll(async () => {
  process.env.REDIS_TIMEOUT_MS = '5000';
  redis = await startTestRedis();
  sb = await startAdvboxSandbox({ firms: {} });
  previousUrl = process.env.ADVBOX_API_URL;
  process.env.ADVBOX_API_URL = sb.url;
  resetEnvCache();
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
  else process.env.ADVBOX_API_URL = previousUrl;
  delete process.env.REDIS_TIMEOUT_MS;
  resetEnvCache();
  await sb?.close();
  await redis?.stop();
});
beforeEach(() => {
  sb.clearFaults();
  resetMemoryLimits();
  resetAdvboxBudgetForTests();
});

interface Firm extends FirmFixture {
  token: string;
  /** Book payment id → pluggy transaction id. */
  credit: Map<string, string>;
}

/** A firm (fixture users and account) with an Advbox account in the sandbox and the book's credits in its bank data. */
async function firm(name = 'Escritório'): Promise<Firm> {
  const f = await createFirm(db, name);
  const token = `recon-${f.tenantId}`;
  await updateSettings(db, { tenantId: f.tenantId, actorId: 'test', input: { advboxToken: token } });
  sb.addFirm(token, { book });
  const credit = new Map<string, string>();
  await db.pluggyTransaction.createMany({ data: bookCredits(book, { tenantId: f.tenantId, accountId: f.accountId, since: '2025-12-15' }) });
  const rows = await db.pluggyTransaction.findMany({ where: { tenantId: f.tenantId }, select: { id: true, pluggyTransactionId: true } });
  for (const r of rows) {
    const pid = r.pluggyTransactionId.split('-').slice(1).join('-');
    if (pid.startsWith('p-')) credit.set(pid, r.id);
  }
  return { ...f, token, credit };
}

const view = (f: Firm, query: Record<string, string> = {}, token = f.users.VIEWER.token) =>
  call<ReconViewDto>(getView, { method: 'GET', path: '/api/reconciliation', token, query });
const confirm = (f: Firm, body: Record<string, unknown>, token = f.users.MEMBER.token) =>
  call(postConfirm, { method: 'POST', path: '/api/reconciliation/confirm', token, body, headers: ORIGIN });
const undo = (f: Firm, id: string, token = f.users.MEMBER.token) =>
  call(deleteRecon, { method: 'DELETE', path: `/api/reconciliation/${id}`, token, params: { id }, headers: ORIGIN });

/** Every row of the tenant's result (pages through the view). */
async function allRows(f: Firm): Promise<ReconRowDto[]> {
  const out: ReconRowDto[] = [];
  for (let offset = 0; ; offset += 500) {
    const r = await view(f, { limit: '500', offset: String(offset) });
    expect(r.status).toBe(200);
    out.push(...r.json.rows);
    if (r.json.rows.length < 500) return out;
  }
}

/** The book's truth for a pluggy transaction id. */
function truthOf(f: Firm, transactionId: string) {
  for (const [pid, id] of f.credit) if (id === transactionId) return book.payments.find((p) => p.id === pid)!.truth;
  return null;
}

async function precompute(f: Firm, opts: Parameters<typeof runReconciliationPrecompute>[2] = {}) {
  const r = await runReconciliationPrecompute(db, f.tenantId, opts);
  expect(r.skipped).toBeUndefined();
  return r;
}

describe.skipIf(noRedis)('reconciliation flow', () => {
  let f: Firm;
  let rows: ReconRowDto[];
  beforeAll(async () => {
    f = await firm('Fluxo');
  });

  it('precomputes: GET answers the stored page (HIT) with a summary, rows and explanations', async () => {
    const out = await precompute(f);
    expect(out.cache).toBe('MISS');
    expect(out.receivablesCrawled).toBe(true);
    const first = await view(f);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('HIT');
    const s = first.json.summary;
    // The fixture's own two credits are in October 2026, within the window, and unmatched or not: counted.
    const credits = f.credit.size + 1;
    expect(s.total.count).toBe(credits);
    expect(s.auto.count + s.suggested.count + s.unmatched.count).toBe(credits);
    expect(s.confirmed.count).toBe(1);
    expect(s.auto.count).toBeGreaterThan(0);
    expect(s.matchRate).toBeGreaterThan(0.5);
    rows = await allRows(f);
    expect(rows).toHaveLength(credits);
    // Right client and receivable for the autos (the book knows the truth).
    const autos = rows.filter((r) => r.status === 'auto');
    const right = autos.filter((r) => {
      const t = truthOf(f, r.transaction.id);
      return t && String(t.customerId) === r.customer?.id && t.receivableIds.map(String).join() === r.receivables.map((x) => x.id).join();
    });
    // Only credits whose receivables are still open in Advbox can be matched to them
    // (the book's firm already marked older ones paid).
    const stillOpen = (r: ReconRowDto) => !!truthOf(f, r.transaction.id)?.receivableIds.every((id) => book.receivables.find((x) => x.id === id)?.paidDate === null);
    const matchable = autos.filter(stillOpen);
    expect(matchable.length).toBeGreaterThan(5);
    expect(matchable.filter((r) => right.includes(r)).length / matchable.length).toBeGreaterThan(0.9);
    const a = autos[0]!;
    expect(a.reasons.map((x) => x.criterion)).toEqual(['document', 'name', 'contact', 'amount', 'date']);
    expect(a.transaction.amount).toMatch(/^\d+\.\d{2}$/);
    expect(a.receivables[0]!.amount).toMatch(/^\d+\.\d{2}$/);
    expect(a.customer!.document ?? '').not.toMatch(/^\d{11}$/);
    // Filters: status, dates, text.
    const sug = await view(f, { status: 'suggested', limit: '500' });
    expect(sug.headers.get('x-cache')).toBe('MISS');
    expect(sug.json.rows.every((r) => r.status === 'suggested')).toBe(true);
    expect(sug.json.page.total).toBe(s.suggested.count);
    const month = await view(f, { from: '2026-11-01', to: '2026-11-30', limit: '500' });
    expect(month.json.rows.every((r) => r.transaction.date >= '2026-11-01' && r.transaction.date <= '2026-11-30')).toBe(true);
    const who = a.customer!.name.split(' ')[0]!.toLowerCase();
    const q = await view(f, { q: who, limit: '500' });
    expect(q.json.rows.length).toBeGreaterThan(0);
    expect((await view(f, { from: '2026-12-01', to: '2026-11-01' })).status).toBe(422);
    expect((await view(f, { status: 'CONFIRMED' })).status).toBe(422);
  });

  it('confirms: marks paid in Advbox with the credit date, records, audits, notifies; the row leaves the result', async () => {
    const row = rows.find((r) => r.status === 'auto' && r.receivables.length === 1)!;
    const rid = Number(row.receivables[0]!.id);
    const res = await confirm(f, { transactionId: row.transaction.id, receivableIds: [row.receivables[0]!.id] });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ transactionId: row.transaction.id, customerId: row.customer!.id, datePaid: row.transaction.date, source: 'MANUAL' });
    expect(res.json.records).toHaveLength(1);
    expect(res.json.records[0]).toMatchObject({ status: 'CONFIRMED', advboxTransactionId: String(rid), markedPaidInAdvbox: true, amount: row.receivables[0]!.amount });
    expect(Number(res.json.records[0].score)).toBeGreaterThanOrEqual(85);
    expect(sb.firm(f.token).transaction(rid)?.date_payment).toBe(row.transaction.date);
    const puts = sb.requests.filter((r) => r.method === 'PUT' && r.token === f.token && r.path.endsWith(`/transactions/${rid}`));
    expect(puts.map((p) => p.body)).toEqual([{ date_payment: row.transaction.date }]);
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'reconciliation.confirmed', entityId: row.transaction.id } })).toBe(1);
    const after = await view(f, { limit: '500' });
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.json.rows.some((r) => r.transaction.id === row.transaction.id)).toBe(false);
    expect(after.json.summary.confirmed.count).toBe(2);
    // Confirming it again: 409, and Advbox is not called again.
    const again = await confirm(f, { transactionId: row.transaction.id, receivableIds: [row.receivables[0]!.id] });
    expect(again.status).toBe(409);
    expect(sb.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/transactions/${rid}`))).toHaveLength(1);
    const hist = await call(getHistory, { method: 'GET', path: '/api/reconciliation/history', token: f.users.VIEWER.token, query: { status: 'CONFIRMED' } });
    expect(hist.json.items.some((i: { advboxTransactionId: string }) => i.advboxTransactionId === String(rid))).toBe(true);
  });

  it('two credits, one receivable, at once: exactly one wins, the other gets 409; Advbox is marked once', async () => {
    const [r1, r2] = rows.filter((r) => r.status === 'auto' && r.receivables.length === 1).slice(1, 3);
    const target = r1!.receivables[0]!.id;
    const before = sb.requests.filter((r) => r.method === 'PUT').length;
    const [a, b] = await Promise.all([
      confirm(f, { transactionId: r1!.transaction.id, receivableIds: [target] }),
      confirm(f, { transactionId: r2!.transaction.id, receivableIds: [target] }, f.users.ADMIN.token),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(sb.requests.filter((r) => r.method === 'PUT').length - before).toBe(1);
    expect(await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, advboxTransactionId: target, status: 'CONFIRMED' } })).toBe(1);
  });

  it('the same request twice with one idempotency key gets the first answer; another body with the key is 422', async () => {
    const row = rows.filter((r) => r.status === 'auto' && r.receivables.length === 1)[3]!;
    const body = { transactionId: row.transaction.id, receivableIds: [row.receivables[0]!.id], idempotencyKey: `key-${row.transaction.id}` };
    const first = await confirm(f, body);
    expect(first.status).toBe(200);
    const second = await confirm(f, body);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(sb.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/transactions/${row.receivables[0]!.id}`))).toHaveLength(1);
    const other = await confirm(f, { ...body, receivableIds: ['17899999'] });
    expect(other.status).toBe(422);
  });

  it('Advbox failing during a confirm: the claim is released and the reason answered', async () => {
    const row = rows.filter((r) => r.status === 'auto' && r.receivables.length === 1)[4]!;
    const rid = row.receivables[0]!.id;
    sb.inject({ fault: 503, method: 'PUT', path: `/transactions/${rid}` });
    const res = await confirm(f, { transactionId: row.transaction.id, receivableIds: [rid] });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toMatch(/Advbox/);
    expect(await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, pluggyTransactionDbId: row.transaction.id } })).toBe(0);
    expect(sb.firm(f.token).isPaid(Number(rid))).toBe(false);
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'reconciliation.confirm_failed', entityId: row.transaction.id } })).toBe(1);
    // And it can be confirmed once Advbox answers again.
    expect((await confirm(f, { transactionId: row.transaction.id, receivableIds: [rid] })).status).toBe(200);
  });

  it('a split where Advbox fails on the second receivable: the first is reopened, nothing stays confirmed', async () => {
    // Two open receivables of one client that nothing confirmed yet, and a credit still open.
    const claimed = new Set((await db.reconciliationRecord.findMany({ where: { tenantId: f.tenantId } })).map((r) => r.advboxTransactionId));
    const open = book.receivables.filter((r) => r.paidDate === null && !claimed.has(String(r.id)) && !sb.firm(f.token).isPaid(r.id));
    const byCustomer = new Map<number, number[]>();
    for (const r of open) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r.id]);
    const pair = [...byCustomer.values()].find((ids) => ids.length >= 2)!.slice(0, 2);
    const credit = rows.filter((r) => r.status === 'unmatched').at(-1)!;
    sb.inject({ fault: 500, method: 'PUT', path: `/transactions/${pair[1]}` });
    const res = await confirm(f, { transactionId: credit.transaction.id, receivableIds: pair.map(String) });
    expect(res.status).toBe(502);
    expect(pair.map((id) => sb.firm(f.token).isPaid(id))).toEqual([false, false]);
    const puts = sb.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/transactions/${pair[0]}`)).map((r) => r.body);
    expect(puts).toEqual([{ date_payment: credit.transaction.date }, { date_payment: null }]);
    expect(await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, pluggyTransactionDbId: credit.transaction.id } })).toBe(0);
  });

  it('undo reopens in Advbox (date_payment null), keeps the record as UNDONE, and the credit comes back', async () => {
    const rec = await db.reconciliationRecord.findFirst({ where: { tenantId: f.tenantId, status: 'CONFIRMED', markedPaidInAdvbox: true } });
    const rid = Number(rec!.advboxTransactionId);
    expect(sb.firm(f.token).isPaid(rid)).toBe(true);
    const res = await undo(f, rec!.id);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: rec!.id, status: 'UNDONE', undoneIds: [rec!.id], reopened: [String(rid)] });
    expect(sb.firm(f.token).transaction(rid)?.date_payment).toBeNull();
    expect((await db.reconciliationRecord.findUnique({ where: { id: rec!.id } }))?.status).toBe('UNDONE');
    expect((await undo(f, rec!.id)).status).toBe(409);
    await precompute(f);
    const back = await allRows(f);
    expect(back.some((r) => r.transaction.id === rec!.pluggyTransactionDbId)).toBe(true);
  });

  it('a result computed across an invalidation is never served', async () => {
    const victim = (await allRows(f)).find((r) => r.status !== 'unmatched')!;
    // Something changed: the worker must compute (not find a current entry).
    await invalidateTenantRecon(f.tenantId);
    let raced = false;
    await precompute(f, {
      onInputsLoaded: async () => {
        if (raced) return;
        raced = true;
        // A confirm lands while the worker computes from inputs read before it.
        await db.reconciliationRecord.create({
          data: {
            tenantId: f.tenantId,
            pluggyTransactionDbId: victim.transaction.id,
            advboxTransactionId: '99000001',
            amount: victim.transaction.amount,
            score: '90.00',
            datePaid: new Date(`${victim.transaction.date}T00:00:00.000Z`),
            confirmedBy: f.users.MEMBER.userId,
          },
        });
        await invalidateTenantRecon(f.tenantId);
      },
    });
    const page = await view(f, { limit: '500' });
    expect(page.headers.get('x-cache')).toBe('MISS');
    const ids = new Set<string>();
    for (let offset = 0; ; offset += 500) {
      const p = offset ? await view(f, { limit: '500', offset: String(offset) }) : page;
      p.json.rows.forEach((r) => ids.add(r.transaction.id));
      if (p.json.rows.length < 500) break;
    }
    expect(ids.has(victim.transaction.id)).toBe(false);
  });
});

describe.skipIf(noRedis)('Advbox down during a precompute', () => {
  it('matches against the stored receivables when the crawl fails, and says when they were fetched', async () => {
    const f = await firm('Fora do ar');
    await precompute(f);
    const fetched = (await view(f)).json.sources.receivables.fetchedAt;
    await expireReceivableSnapshot(db, f.tenantId);
    await invalidateTenantRecon(f.tenantId);
    // Every attempt of the first window's GET (one try and two retries).
    sb.inject({ fault: 503, method: 'GET', path: '/transactions', times: 3 });
    const out = await precompute(f);
    expect(out.receivablesCrawled).toBe(false);
    expect(out.cache).toBe('MISS');
    const page = await view(f);
    expect(page.json.summary.auto.count).toBeGreaterThan(0);
    expect(page.json.sources.receivables.fetchedAt).toBeNull();
    expect(fetched).not.toBeNull();
  });
});

describe.skipIf(noRedis)('rejections and links', () => {
  it('a rejected pair is never proposed again, also after a re-sync and recompute', async () => {
    const f = await firm('Recusas');
    await precompute(f);
    const row = (await allRows(f)).find((r) => r.customer && r.status !== 'unmatched')!;
    const res = await call(postReject, {
      method: 'POST',
      path: '/api/reconciliation/reject',
      token: f.users.MEMBER.token,
      headers: ORIGIN,
      body: { transactionId: row.transaction.id, customerId: row.customer!.id },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ transactionId: row.transaction.id, customerId: row.customer!.id, payerDocument: null });
    const check = async () => {
      const again = (await allRows(f)).find((r) => r.transaction.id === row.transaction.id)!;
      expect(again.customer?.id).not.toBe(row.customer!.id);
      expect(again.alternatives.map((a) => a.customer.id)).not.toContain(row.customer!.id);
    };
    await check();
    // A re-sync rewrites the credit and asks for a recompute.
    await db.pluggyTransaction.update({ where: { id: row.transaction.id }, data: { description: `${row.transaction.description} ` } });
    await afterBankDataChanged(f.tenantId, { source: 'sync' });
    await precompute(f);
    await check();
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'reconciliation.rejected' } })).toBe(1);
    const other = await firm('Outra');
    const foreign = await call(postReject, {
      method: 'POST',
      path: '/api/reconciliation/reject',
      token: other.users.MEMBER.token,
      headers: ORIGIN,
      body: { transactionId: row.transaction.id, customerId: row.customer!.id },
    });
    expect(foreign.status).toBe(404);
  });

  it('link validates the client in Advbox, upserts the mapping and it decides the client; DELETE removes it', async () => {
    const f = await firm('Vínculos');
    const customer = book.customers.find((c) => c.document)!;
    const payerDocument = '111.444.777-35';
    const link = (body: Record<string, unknown>, token = f.users.MEMBER.token) =>
      call(postLink, { method: 'POST', path: '/api/reconciliation/link', token, headers: ORIGIN, body });
    const res = await link({ payerDocument, customerId: customer.id, payerName: 'PARENTE' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ payerDocument: '11144477735', customerId: String(customer.id), customerName: customer.name.toUpperCase() });
    expect((await link({ payerDocument, customerId: customer.id })).json.id).toBe(res.json.id);
    expect((await link({ payerDocument, customerId: 123 })).status).toBe(404);
    expect((await link({ payerDocument: '111.444.777-00', customerId: customer.id })).status).toBe(422);
    expect((await link({ payerDocument, customerId: customer.id }, f.users.VIEWER.token)).status).toBe(403);
    // A credit from that document now goes to the client.
    const recv = book.receivables.find((r) => r.customerId === customer.id && r.paidDate === null && r.dueDate >= '2026-11-01')!;
    const t = await db.pluggyTransaction.create({
      data: {
        tenantId: f.tenantId,
        pluggyAccountDbId: f.accountId,
        pluggyTransactionId: `link-${f.tenantId}`,
        date: new Date(`${recv.dueDate > '2026-11-30' ? '2026-11-30' : recv.dueDate}T00:00:00.000Z`),
        description: 'PIX RECEBIDO - FULANO PARENTE',
        type: 'CREDIT',
        amount: centsString(recv.amountCents),
        payerName: 'FULANO PARENTE',
        payerDocument: '11144477735',
      },
    });
    await precompute(f);
    const row = (await allRows(f)).find((r) => r.transaction.id === t.id)!;
    expect(row.customer?.id).toBe(String(customer.id));
    const other = await firm('Alheia');
    const del = (id: string, token: string) => call(deleteMapping, { method: 'DELETE', path: `/api/reconciliation/mappings/${id}`, token, params: { id }, headers: ORIGIN });
    expect((await del(res.json.id, other.users.MEMBER.token)).status).toBe(404);
    expect((await del(res.json.id, f.users.MEMBER.token)).status).toBe(200);
    expect(await db.clientMapping.count({ where: { id: res.json.id } })).toBe(0);
    expect((await del(res.json.id, f.users.MEMBER.token)).status).toBe(404);
  });
});

describe.skipIf(noRedis)('auto-confirm and isolation', () => {
  it('auto-confirms only auto matches up to the cap, with source AUTO; larger ones stay suggestions', async () => {
    const f = await firm('Automático');
    await precompute(f);
    const autos = (await allRows(f)).filter((r) => r.status === 'auto' && r.receivables.length > 0);
    const amounts = autos.map((r) => Math.round(Number(r.transaction.amount) * 100)).sort((a, b) => a - b);
    const capCents = amounts[Math.floor(amounts.length / 2)]!;
    await db.tenantSettings.update({ where: { tenantId: f.tenantId }, data: { autoMarkPaidOnMatch: true, autoMatchCap: centsString(capCents) } });
    const out = await precompute(f);
    const below = autos.filter((r) => Math.round(Number(r.transaction.amount) * 100) <= capCents);
    expect(out.auto).toMatchObject({ enabled: true, confirmed: Math.min(below.length, 50), failed: 0 });
    expect(out.auto!.aboveCap).toBe(autos.length - below.length);
    const records = await db.reconciliationRecord.findMany({ where: { tenantId: f.tenantId, source: 'AUTO' }, include: { transaction: true } });
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(Math.round(Number(r.transaction.amount) * 100)).toBeLessThanOrEqual(capCents);
      expect(r.confirmedBy).toBe('system:auto');
      expect(sb.firm(f.token).isPaid(Number(r.advboxTransactionId))).toBe(true);
    }
    const left = await allRows(f);
    for (const r of autos.filter((x) => Math.round(Number(x.transaction.amount) * 100) > capCents)) {
      expect(left.find((x) => x.transaction.id === r.transaction.id)?.status).toBe('auto');
    }
  });

  it('another tenant’s transaction or receivable is a 404', async () => {
    const a = await firm('Firma A');
    const b = await firm('Firma B');
    await precompute(a);
    const bRow = await db.pluggyTransaction.findFirst({ where: { tenantId: b.tenantId, type: 'CREDIT' } });
    const mine = (await allRows(a)).find((r) => r.status === 'unmatched')!;
    expect((await confirm(a, { transactionId: bRow!.id, receivableIds: ['17800001'] })).status).toBe(404);
    // A receivable id Advbox does not list for this firm.
    expect((await confirm(a, { transactionId: mine.transaction.id, receivableIds: ['99999999'] })).status).toBe(404);
    expect((await confirm(a, { transactionId: mine.transaction.id, receivableIds: [] })).status).toBe(422);
    expect((await confirm(a, { transactionId: 'x', receivableIds: ['1'] })).status).toBe(422);
  });

  it('GET with no stored data and Advbox refusing the token: 409 with the reason, not a 500', async () => {
    const f = await firm('Token revogado');
    sb.revokeToken(f.token);
    const res = await view(f);
    expect(res.status).toBe(409);
    expect((res.json as unknown as { error: { message: string } }).error.message).toMatch(/recusou o token/);
    const none = await createFirm(db, 'Sem token');
    const r2 = await call(getView, { method: 'GET', path: '/api/reconciliation', token: none.users.VIEWER.token });
    expect(r2.status).toBe(409);
  });

  it('the precompute runs as a job after a bank-data change and publishes reconciliation_ready', async () => {
    const f = await firm('Job');
    // The real job's handler under a name of its own, so no other test process's worker takes it.
    const job = testJob('recon-precompute', { schema: reconciliationPrecomputeJob.schema, handler: reconciliationPrecomputeJob.handler, retry: { limit: 0 } });
    await startJobWorkers({ jobs: [job], pollingIntervalSeconds: 0.5 });
    const id = await enqueue(job, { tenantId: f.tenantId });
    const done = await waitForState(job.name, id, ['completed', 'failed'], 60_000);
    expect(done.state, JSON.stringify(done)).toBe('completed');
    await waitFor('reconciliation_ready', async () => {
      const { rows } = await pool.query(`SELECT 1 FROM realtime_events WHERE tenant_id = $1 AND type = 'reconciliation_ready'`, [f.tenantId]);
      return rows.length > 0;
    });
    expect((await view(f)).headers.get('x-cache')).toBe('HIT');
    // The registered entry point enqueues the registered job, coalesced per tenant.
    const j1 = await afterBankDataChanged(f.tenantId, { source: 'sync' });
    expect(j1.precomputeJobId).toBeTruthy();
  });

  it('bulk confirm runs as a job: each item gets its outcome, progress is stored and announced', async () => {
    const f = await firm('Lote');
    await precompute(f);
    const all = await allRows(f);
    const [a1, a2] = all.filter((r) => r.status === 'auto' && r.receivables.length === 1);
    const loose = all.find((r) => r.status === 'unmatched')!;
    await startJobWorkers({ jobs: [bulkConfirmJob], pollingIntervalSeconds: 0.5 });
    const items = [
      { transactionId: a1!.transaction.id, receivableIds: [a1!.receivables[0]!.id] },
      { transactionId: a2!.transaction.id, receivableIds: [a2!.receivables[0]!.id] },
      // The first item's receivable again, for another credit: 409 for this one only.
      { transactionId: loose.transaction.id, receivableIds: [a1!.receivables[0]!.id] },
    ];
    const res = await call(postBulk, { method: 'POST', path: '/api/reconciliation/bulk-confirm', token: f.users.MEMBER.token, headers: ORIGIN, body: { items } });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.total).toBe(3);
    const done = await waitForState(bulkConfirmJob.name, res.json.jobId, ['completed', 'failed'], 60_000);
    expect(done.state, JSON.stringify(done)).toBe('completed');
    expect(done.progress).toMatchObject({ done: 3, total: 3, stage: 'bulk_confirm' });
    const { rows: out } = await pool.query(`SELECT output FROM pgboss.job WHERE id = $1`, [res.json.jobId]);
    const output = out[0].output.result;
    expect(output).toMatchObject({ total: 3, confirmed: 2, failed: 1 });
    expect(output.items.map((i: { status: string; code?: string }) => [i.status, i.code ?? null])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['failed', 'conflict'],
    ]);
    expect(sb.firm(f.token).isPaid(Number(a2!.receivables[0]!.id))).toBe(true);
    const { rows: ev } = await pool.query(`SELECT data FROM realtime_events WHERE tenant_id = $1 AND entity = 'bulk_confirm'`, [f.tenantId]);
    expect(ev.map((e) => e.data)).toContainEqual({ stage: 'bulk_confirm', done: 3, total: 3 });
    // Another firm's credit in the list: 404, nothing enqueued.
    const other = await firm('Lote B');
    const foreign = await call(postBulk, { method: 'POST', path: '/api/reconciliation/bulk-confirm', token: other.users.MEMBER.token, headers: ORIGIN, body: { items: [items[0]] } });
    expect(foreign.status).toBe(404);
  });
});
