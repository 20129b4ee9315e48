// Pluggy sync and webhooks end to end: the real routes and jobs, the
// production client against the Pluggy sandbox, real PostgreSQL (and Redis
// when the harness has one). Webhooks are delivered by the sandbox over
// HTTP to the real route handler (test/route-bridge.ts).
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createManualAccount } from '@/lib/statements/accounts';
import { metrics } from '@/lib/metrics/registry';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as syncStatusRoute } from '@/app/api/pluggy/sync/[jobId]/route';
import { GET as currentSyncRoute, POST as syncRoute } from '@/app/api/pluggy/sync/route';
import { POST as bindRoute } from '@/app/api/pluggy/items/route';
import { GET as listWebhooksRoute } from '@/app/api/pluggy/webhooks/route';
import { POST as setupRoute } from '@/app/api/pluggy/webhooks/setup/route';
import { POST as webhookRoute } from '@/app/api/webhooks/pluggy/route';
import { resetEnvCache } from '@/lib/env';
import { enqueue, startJobWorkers } from '@/lib/jobs';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { amountCents, SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { ackTraceChannel, type AckMarks } from '@/lib/pluggy/webhooks/ack-trace';
import { webhookChangedJob } from '@/lib/pluggy/webhooks/changed-job';
import { pluggyWebhookBatchJob, pluggyWebhookJob } from '@/lib/pluggy/webhooks/process-job';
import { forgetWebhookAuth, WEBHOOK_SECRET_HEADER } from '@/lib/pluggy/webhooks/secret';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { updateSettings } from '@/lib/settings/settings';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { waitFor, waitForState } from '@/test/jobs';
import { startRouteBridge, type RouteBridge } from '@/test/route-bridge';

const { db, pool } = testDb();
let sb: PluggySandbox;
let bridge: RouteBridge;
const saved = { api: process.env.PLUGGY_API_URL, app: process.env.APP_URL };

beforeAll(async () => {
  sb = await startPluggySandbox({ updateDelayMs: 5, defaultFirm: { seed: 41, anchorDate: '2026-11-30', customers: 12 } });
  // Each sender its own address, as Pluggy's delivery fleet is: the webhook
  // policy limits per source.
  let n = 0;
  bridge = await startRouteBridge(webhookRoute, { peer: () => `10.77.${(++n >> 8) & 255}.${n & 255}` });
  process.env.PLUGGY_API_URL = sb.url;
  process.env.APP_URL = bridge.url;
  resetEnvCache();
  await startJobWorkers({ jobs: [pluggySyncJob, pluggyWebhookBatchJob, pluggyWebhookJob, webhookChangedJob, kpiRefreshJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  for (const [k, v] of [['PLUGGY_API_URL', saved.api], ['APP_URL', saved.app]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  await bridge?.close();
  await sb?.close();
});
beforeEach(() => {
  resetMemoryLimits();
  sb.control.clearFaults();
  sb.control.resetRateLimits();
});

interface Connected {
  f: FirmFixture;
  pluggyItemId: string;
  itemDbId: string;
  accounts: { id: string; type: string }[];
}

/** A firm with the sandbox pair, its fixture bank removed, connected to a fresh sandbox item through POST /api/pluggy/items. */
async function connectedFirm(): Promise<Connected> {
  const f = await createFirm(db, 'Escritório Sync');
  await db.pluggyItem.update({ where: { id: f.itemId }, data: { deletedAt: new Date() } });
  await updateSettings(db, { tenantId: f.tenantId, actorId: f.users.OWNER.userId, input: { pluggyClientId: SANDBOX_CLIENT.clientId, pluggyClientSecret: SANDBOX_CLIENT.clientSecret } });
  const item = sb.control.createItem({ user: 'user-ok', password: 'password-ok', clientUserId: f.users.ADMIN.userId });
  await sb.control.waitForItem(item.id);
  const bound = await call(bindRoute, { method: 'POST', path: '/api/pluggy/items', token: f.users.ADMIN.token, body: { itemId: item.id } });
  expect(bound.status, JSON.stringify(bound.json)).toBe(201);
  return { f, pluggyItemId: item.id, itemDbId: bound.json.id, accounts: sb.control.accounts(item.id).map((a) => ({ id: a.id, type: a.type })) };
}

const sync = (t: string, body: unknown = {}) => call(syncRoute, { method: 'POST', path: '/api/pluggy/sync', token: t, body });
const status = (t: string, jobId: string) => call(syncStatusRoute, { method: 'GET', path: `/api/pluggy/sync/${jobId}`, token: t, params: { jobId } });

async function syncAndWait(c: Connected, body: unknown = {}) {
  const res = await sync(c.f.users.MEMBER.token, body);
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await waitForState(pluggySyncJob.name, res.json.jobId, ['completed', 'failed'], 60_000);
  const st = await status(c.f.users.MEMBER.token, res.json.jobId);
  expect(st.status).toBe(200);
  expect(st.json.state, JSON.stringify(st.json)).toBe('completed');
  return st.json;
}

/** What the sandbox lists for the item, as (id, day, cents, type, payer digits). */
function remoteRows(c: Connected) {
  return c.accounts
    .flatMap((a) => sb.control.transactions(a.id))
    .map((t) => [t.id, t.date.slice(0, 10), amountCents(t.amount), t.type, t.paymentData?.payer?.documentNumber?.value?.replace(/\D/g, '') ?? null] as const)
    .sort((x, y) => x[0].localeCompare(y[0]));
}

async function storedRows(c: Connected) {
  const { rows } = await pool.query<{ id: string; day: string; amount: string; type: string; doc: string | null }>(
    `SELECT t.pluggy_transaction_id AS id, to_char(t.date, 'YYYY-MM-DD') AS day, t.amount::text AS amount, t.type::text AS type, t.payer_document AS doc
       FROM pluggy_transactions t JOIN pluggy_accounts a ON a.id = t.pluggy_account_db_id
      WHERE t.tenant_id = $1 AND a.pluggy_item_db_id = $2 AND t.deleted_at IS NULL ORDER BY t.pluggy_transaction_id`,
    [c.f.tenantId, c.itemDbId],
  );
  return rows.map((r) => [r.id, r.day, Math.round(Number(r.amount) * 100), r.type, r.doc] as const).sort((x, y) => x[0].localeCompare(y[0]));
}

describe('sync', () => {
  it('full then incremental equals the sandbox to the cent with no day shift; ignored/notes survive; gone rows soft-deleted on full', async () => {
    const c = await connectedFirm();
    // A manual account fed by statement files is not Pluggy's: the sync leaves it alone.
    const manual = await db.pluggyItem.create({ data: { tenantId: c.f.tenantId, pluggyItemId: `manual:${randomUUID()}`, source: 'manual' } });
    const syncSeries = async () => ({
      completed: (await metrics().syncRuns.get()).values.find((v) => v.labels.outcome === 'completed')?.value ?? 0,
      rows: (await metrics().syncRows.get()).values[0]?.value ?? 0,
      timed: (await metrics().syncDuration.get()).values.find((v) => v.metricName === 'concilia_sync_duration_seconds_count')?.value ?? 0,
    });
    const seriesBefore = await syncSeries();
    const first = await syncAndWait(c, { full: true });
    // Counted for the operators' dashboard (GET /api/metrics): one run, its rows, its duration.
    expect(await syncSeries()).toEqual({ completed: seriesBefore.completed + 1, rows: seriesBefore.rows + first.result.created + first.result.updated, timed: seriesBefore.timed + 1 });
    expect(first.result.failedItems).toEqual([]);
    expect((await db.pluggyItem.findUniqueOrThrow({ where: { id: manual.id } })).lastSyncAttemptAt).toBeNull();
    expect(first.result.created).toBe(remoteRows(c).length);
    expect(await storedRows(c)).toEqual(remoteRows(c));
    expect(first.progress).toMatchObject({ done: 2, total: 2 });
    const item = await db.pluggyItem.findUniqueOrThrow({ where: { id: c.itemDbId } });
    expect(item.lastSyncedAt).not.toBeNull();
    expect(item.lastSyncError).toBeNull();
    expect(await db.auditLog.count({ where: { tenantId: c.f.tenantId, action: 'pluggy.sync_completed' } })).toBe(1);
    expect(await db.notification.count({ where: { tenantId: c.f.tenantId, type: 'sync.completed' } })).toBe(1);

    // The firm's own fields on a stored row.
    const checking = c.accounts.find((a) => a.type === 'BANK')!;
    const target = sb.control.transactions(checking.id)[0]!;
    await db.pluggyTransaction.update({
      where: { tenantId_pluggyTransactionId: { tenantId: c.f.tenantId, pluggyTransactionId: target.id } },
      data: { ignored: true, ignoredBy: c.f.users.MEMBER.userId, ignoredAt: new Date(), notes: 'Transferência interna' },
    });
    // New rows upstream (a late-evening credit on the last day of a month:
    // the classic off-by-one in America/Sao_Paulo) and an edit of the ignored row.
    sb.control.addTransactions(checking.id, [
      { date: '2026-11-30', amountCents: 123_456_78, description: 'PIX RECEBIDO MARIA SILVA', paymentMethod: 'PIX', payer: { name: 'MARIA SILVA', document: '529.982.247-25' } },
      { date: '2026-12-01', amountCents: -1_99, description: 'TARIFA' },
    ], { notify: false });
    sb.control.updateTransactions([{ id: target.id, description: 'DESCRIÇÃO CORRIGIDA PELO BANCO' }], { notify: false });

    const before = sb.requests.length;
    const second = await syncAndWait(c);
    const incremental = sb.requests.slice(before).filter((r) => r.path === '/v2/transactions');
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.every((r) => r.search.includes('createdAtFrom='))).toBe(true);
    expect(second.result.created).toBe(2);
    expect(await storedRows(c)).toEqual(remoteRows(c));
    const kept = await db.pluggyTransaction.findUniqueOrThrow({ where: { tenantId_pluggyTransactionId: { tenantId: c.f.tenantId, pluggyTransactionId: target.id } } });
    expect(kept).toMatchObject({ ignored: true, notes: 'Transferência interna', ignoredBy: c.f.users.MEMBER.userId });
    const pix = await db.pluggyTransaction.findFirstOrThrow({ where: { tenantId: c.f.tenantId, description: 'PIX RECEBIDO MARIA SILVA' } });
    expect(pix.amount.toFixed(2)).toBe('123456.78');
    expect(pix.date.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(pix).toMatchObject({ payerDocument: '52998224725', payerDocumentType: 'CPF', paymentMethod: 'PIX' });

    // Full re-sync after Pluggy dropped a row: soft-deleted (kept), the rest untouched.
    const dropped = sb.control.transactions(checking.id)[3]!;
    sb.control.deleteTransactions([dropped.id], { notify: false });
    const third = await syncAndWait(c, { full: true });
    expect(third.result.deleted).toBe(1);
    expect(await storedRows(c)).toEqual(remoteRows(c));
    const gone = await db.pluggyTransaction.findUniqueOrThrow({ where: { tenantId_pluggyTransactionId: { tenantId: c.f.tenantId, pluggyTransactionId: dropped.id } } });
    expect(gone.deletedAt).not.toBeNull();
    expect((await db.pluggyTransaction.findUniqueOrThrow({ where: { id: kept.id } })).notes).toBe('Transferência interna');
  });

  it('two concurrent requests run one job; a request while it is queued or running gets its id', async () => {
    const c = await connectedFirm();
    const [a, b, d] = await Promise.all([sync(c.f.users.MEMBER.token), sync(c.f.users.ADMIN.token), sync(c.f.users.OWNER.token, { full: true })]);
    for (const r of [a, b, d]) expect(r.status).toBe(202);
    expect(b.json.jobId).toBe(a.json.jobId);
    expect(d.json.jobId).toBe(a.json.jobId);
    await waitForState(pluggySyncJob.name, a.json.jobId, ['completed'], 60_000);
    const { rows } = await pool.query(`SELECT id FROM pgboss.job WHERE name = $1 AND data->>'tenantId' = $2`, [pluggySyncJob.name, c.f.tenantId]);
    expect(rows).toHaveLength(1);
    // Another tenant's sync is not visible.
    const other = await createFirm(db, 'Outro');
    expect((await status(other.users.MEMBER.token, a.json.jobId)).status).toBe(404);

    // GET /api/pluggy/sync (the pages' initial state): the last job and when the banks last synced, for a VIEWER too.
    const current = (t: string) => call(currentSyncRoute, { method: 'GET', path: '/api/pluggy/sync', token: t });
    const done = await current(c.f.users.VIEWER.token);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ running: false, job: { id: a.json.jobId, state: 'completed', progress: { stage: expect.any(String) } } });
    expect(Date.parse(done.json.lastSyncedAt)).toBeGreaterThan(Date.now() - 120_000);
    // A queued one (no worker takes it for an hour) is the one shown, as running.
    const queued = await enqueue(pluggySyncJob, { tenantId: c.f.tenantId, full: false, actorId: null }, { startAfter: 3600 });
    expect((await current(c.f.users.MEMBER.token)).json).toMatchObject({ running: true, job: { id: queued, state: 'created', startedAt: null } });
    expect((await sync(c.f.users.MEMBER.token)).json).toMatchObject({ jobId: queued, alreadyRunning: true });
    await pool.query(`DELETE FROM pgboss.job WHERE id = $1`, [queued]);
    // The other firm never synced: nothing of this one's.
    expect((await current(other.users.VIEWER.token)).json).toEqual({ running: false, job: null, lastSyncedAt: null, advbox: null });
    expect((await call(currentSyncRoute, { method: 'GET', path: '/api/pluggy/sync' })).status).toBe(401);
  });

  it('an account of imported statements (manual item) is left alone: nothing asked of Pluggy, no error on it', async () => {
    const c = await connectedFirm();
    const manual = await createManualAccount(db, {
      tenantId: c.f.tenantId,
      actorId: c.f.users.OWNER.userId,
      input: { name: 'Conta da cooperativa', bankName: 'Sicoob', bankCode: '756', branch: '3001', number: '123456-7' },
    });
    const done = await syncAndWait(c, { full: true });
    expect(done.result.failedItems).toEqual([]);
    const item = await db.pluggyItem.findFirstOrThrow({ where: { tenantId: c.f.tenantId, source: 'manual', accounts: { some: { id: manual.id } } } });
    expect(item).toMatchObject({ lastSyncError: null, lastSyncAttemptAt: null, deletedAt: null });
    expect(sb.requests.some((r) => r.path.includes(item.pluggyItemId))).toBe(false);
  });

  it('429 and 500 from Pluggy mid-sync: retried, completes, no duplicates', async () => {
    const c = await connectedFirm();
    sb.control.failNext({ status: 500, count: 2, path: '/v2/transactions' });
    sb.control.failNext({ status: 429, count: 1, retryAfter: 1, path: '/accounts' });
    const before = sb.requests.length;
    const done = await syncAndWait(c, { full: true });
    expect(done.result.failedItems).toEqual([]);
    expect(await storedRows(c)).toEqual(remoteRows(c));
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT t.pluggy_transaction_id)::int AS d
         FROM pluggy_transactions t JOIN pluggy_accounts a ON a.id = t.pluggy_account_db_id
        WHERE t.tenant_id = $1 AND a.pluggy_item_db_id = $2`,
      [c.f.tenantId, c.itemDbId],
    );
    expect(rows[0].n).toBe(rows[0].d);
    expect(rows[0].n).toBe(remoteRows(c).length);
    // The failed calls were made again.
    expect(sb.requests.slice(before).filter((r) => r.path === '/v2/transactions').length).toBeGreaterThan(c.accounts.length);
  });
});

async function setupWebhooks(c: Connected) {
  const res = await call(setupRoute, { method: 'POST', path: '/api/pluggy/webhooks/setup', token: c.f.users.ADMIN.token, body: {} });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { webhooks: { id: string; pluggyWebhookId: string; event: string; url: string }[]; rotated: boolean };
}

async function processedEvents(tenantId: string, eventIds: string[], timeoutMs = 30_000) {
  return waitFor('events processed', async () => {
    const rows = await db.pluggyWebhookEvent.findMany({ where: { tenantId, eventId: { in: eventIds } } });
    return rows.length === eventIds.length && rows.every((r) => r.processedAt) ? rows : null;
  }, timeoutMs);
}

describe('webhooks', () => {
  it('setup registers every event with the secret header; deliveries 5× and out of order change the data once', async () => {
    const c = await connectedFirm();
    await syncAndWait(c, { full: true });
    const setup = await setupWebhooks(c);
    expect(setup.webhooks.map((w) => w.event).sort()).toEqual(
      ['item/created', 'item/deleted', 'item/error', 'item/updated', 'item/waiting_user_input', 'transactions/created', 'transactions/deleted', 'transactions/updated'],
    );
    const headers = sb.control.webhookHeaders(setup.webhooks[0]!.pluggyWebhookId)!;
    expect(headers[WEBHOOK_SECRET_HEADER]).toMatch(/^[\w-]{40,}$/);
    const settings = await db.tenantSettings.findUniqueOrThrow({ where: { tenantId: c.f.tenantId } });
    expect(settings.pluggyWebhookSecretEnc).not.toContain(headers[WEBHOOK_SECRET_HEADER]);
    const listed = await call(listWebhooksRoute, { method: 'GET', path: '/api/pluggy/webhooks', token: c.f.users.ADMIN.token });
    expect(listed.json.webhooks).toHaveLength(8);
    expect(JSON.stringify(listed.json)).not.toContain(headers[WEBHOOK_SECRET_HEADER]);

    const checking = c.accounts.find((a) => a.type === 'BANK')!;
    const added = sb.control.addTransactions(checking.id, [
      { date: '2026-11-29', amountCents: 4_500_00, description: 'TED RECEBIDA JOAO' },
      { date: '2026-11-30', amountCents: 980_10, description: 'PIX RECEBIDO ANA' },
    ], { notify: false });
    const victim = sb.control.transactions(checking.id)[0]!;
    sb.control.updateTransactions([{ id: added[0]!.id, amountCents: 4_600_00 }], { notify: false });
    sb.control.deleteTransactions([victim.id], { notify: false });
    const payloads = [
      sb.control.payload('transactions/created', { itemId: c.pluggyItemId, accountId: checking.id, transactionsCreatedAtFrom: new Date(Date.now() - 60_000).toISOString() }),
      sb.control.payload('transactions/updated', { itemId: c.pluggyItemId, accountId: checking.id, transactionIds: [added[0]!.id] }),
      sb.control.payload('transactions/deleted', { itemId: c.pluggyItemId, accountId: checking.id, transactionIds: [victim.id] }),
    ];
    const lagCount = async () => (await metrics().webhookLag.get()).values.find((v) => v.metricName === 'concilia_webhook_processing_lag_seconds_count')?.value ?? 0;
    const lagBefore = await lagCount();
    // Reverse: the update and the delete arrive before the create; each one five times.
    await sb.control.deliver(payloads, { duplicates: 4, order: 'reverse' });
    await sb.control.settled();
    const events = await processedEvents(c.f.tenantId, payloads.map((p) => p.eventId));
    expect(events).toHaveLength(3);
    // Each stored event's processing lag is observed once (duplicates are not stored).
    await expect.poll(lagCount, { timeout: 10_000 }).toBe(lagBefore + 3);
    expect(events.every((e) => e.error === null)).toBe(true);
    // Processed by the tenant's coalesced batch job: fewer runs than the 15 deliveries, none per event.
    const jobsOf = async (name: string) => (await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'tenantId' = $2`, [name, c.f.tenantId])).rows[0].n as number;
    expect(await jobsOf(pluggyWebhookJob.name)).toBe(0);
    expect(await jobsOf(pluggyWebhookBatchJob.name)).toBeGreaterThan(0);
    expect(await jobsOf(pluggyWebhookBatchJob.name)).toBeLessThan(15);
    expect(await storedRows(c)).toEqual(remoteRows(c));
    const updated = await db.pluggyTransaction.findUniqueOrThrow({ where: { tenantId_pluggyTransactionId: { tenantId: c.f.tenantId, pluggyTransactionId: added[0]!.id } } });
    expect(updated.amount.toFixed(2)).toBe('4600.00');
  });

  it('a stream of deliveries queues the batch job about once per second, not once per delivery; each event is processed, also one after that job ran', async () => {
    const c = await connectedFirm();
    await syncAndWait(c, { full: true });
    const setup = await setupWebhooks(c);
    const { url } = setup.webhooks[0]!;
    const secret = sb.control.webhookHeaders(setup.webhooks[0]!.pluggyWebhookId)![WEBHOOK_SECRET_HEADER]!;
    const checking = c.accounts.find((a) => a.type === 'BANK')!;
    const victims = sb.control.transactions(checking.id).slice(0, 21);
    sb.control.deleteTransactions(victims.map((t) => t.id), { notify: false });
    const payloads = victims.map((t) => sb.control.payload('transactions/deleted', { itemId: c.pluggyItemId, accountId: checking.id, transactionIds: [t.id] }));
    const deliver = async (p: (typeof payloads)[number]) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret }, body: JSON.stringify(p) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    };
    // What each ack did about the batch job (lib/pluggy/webhooks/ack-trace.ts).
    const how: string[] = [];
    const onMarks = (m: unknown) => void how.push((m as AckMarks).batch ?? '-');
    subscribe(ackTraceChannel.name, onMarks);
    try {
      // One after another, well within the queued job's one-second start delay.
      for (const p of payloads.slice(0, 20)) await deliver(p);
      expect(how[0]).toBe('enqueued');
      // Once the queued job is known not to have started, acks queue nothing.
      expect(how.filter((h) => h === 'known-queued').length).toBeGreaterThan(0);
      expect(how.filter((h) => h === 'enqueued').length).toBeLessThanOrEqual(5);
      await processedEvents(c.f.tenantId, payloads.slice(0, 20).map((p) => p.eventId));
      // That job has run: a delivery now must queue another, or its event would wait for the sweep.
      how.length = 0;
      await deliver(payloads[20]!);
      expect(how).toEqual(['enqueued']);
    } finally {
      unsubscribe(ackTraceChannel.name, onMarks);
    }
    await processedEvents(c.f.tenantId, [payloads[20]!.eventId]);
    expect(await storedRows(c)).toEqual(remoteRows(c));
  });

  it('forged deliveries (no secret, wrong, unknown tenant, old one after the grace period) get 401 and store nothing', async () => {
    const c = await connectedFirm();
    const first = await setupWebhooks(c);
    const oldSecret = sb.control.webhookHeaders(first.webhooks[0]!.pluggyWebhookId)![WEBHOOK_SECRET_HEADER]!;
    const acks = async (outcome: string) => (await metrics().webhookAcks.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    const unauthorizedBefore = await acks('unauthorized');
    const post = (headers: Record<string, string>, tenant = c.f.tenantId, eventId = randomUUID()) =>
      call(webhookRoute, { method: 'POST', path: '/api/webhooks/pluggy', query: { tenant }, headers, body: { event: 'item/updated', eventId, itemId: c.pluggyItemId } });
    expect((await post({})).status).toBe(401);
    expect((await post({ [WEBHOOK_SECRET_HEADER]: 'x'.repeat(43) })).status).toBe(401);
    expect((await post({ [WEBHOOK_SECRET_HEADER]: oldSecret }, randomUUID())).status).toBe(401);
    expect((await post({ [WEBHOOK_SECRET_HEADER]: oldSecret }, 'not-a-tenant')).status).toBe(401);
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: c.f.tenantId } })).toBe(0);
    // Counted for the operators' dashboard (GET /api/metrics).
    expect(await acks('unauthorized')).toBe(unauthorizedBefore + 4);

    // Rotation: the old secret still passes during the grace period…
    const second = await setupWebhooks(c);
    expect(second.rotated).toBe(true);
    const newSecret = sb.control.webhookHeaders(second.webhooks[0]!.pluggyWebhookId)![WEBHOOK_SECRET_HEADER]!;
    expect(newSecret).not.toBe(oldSecret);
    expect(() => sb.control.webhookHeaders(first.webhooks[0]!.pluggyWebhookId)).toThrow(/not found/i);
    expect((await post({ [WEBHOOK_SECRET_HEADER]: oldSecret })).status).toBe(200);
    expect((await post({ [WEBHOOK_SECRET_HEADER]: newSecret })).status).toBe(200);
    // …and not after it (the edit stands for the grace period running out;
    // this process caches the tenant's webhook auth for a minute).
    await db.tenantSettings.update({ where: { tenantId: c.f.tenantId }, data: { pluggyWebhookSecretPrevUntil: new Date(Date.now() - 1000) } });
    forgetWebhookAuth(c.f.tenantId);
    const stored = await db.pluggyWebhookEvent.count({ where: { tenantId: c.f.tenantId } });
    const late = await post({ [WEBHOOK_SECRET_HEADER]: oldSecret });
    expect(late.status).toBe(401);
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: c.f.tenantId } })).toBe(stored);

    // The right secret on an event of another Pluggy application (its clientId): 401, nothing stored.
    // (About an item the firm does not have: the accepted ones are recorded and ignored, no Pluggy call.)
    const withClient = (clientId: string) =>
      call(webhookRoute, { method: 'POST', path: '/api/webhooks/pluggy', query: { tenant: c.f.tenantId }, headers: { [WEBHOOK_SECRET_HEADER]: newSecret }, body: { event: 'item/updated', eventId: randomUUID(), itemId: randomUUID(), clientId } });
    expect((await withClient(randomUUID())).status).toBe(401);
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: c.f.tenantId } })).toBe(stored);
    // Ours (the tenant's own pair) passes, as the sandbox's deliveries carrying it do.
    expect((await withClient(SANDBOX_CLIENT.clientId)).status).toBe(200);
    // After the firm switches to another Pluggy application, that one's events pass at once (a refused
    // match is checked again on a fresh read, never answered from the cached auth).
    await updateSettings(db, { tenantId: c.f.tenantId, actorId: c.f.users.OWNER.userId, input: { pluggyClientId: 'outra-aplicacao-pluggy', pluggyClientSecret: 'segredo-da-outra' } });
    expect((await withClient('outra-aplicacao-pluggy')).status).toBe(200);
  });

  it('item/error marks the item and notifies; unknown items are recorded and ignored; item/deleted keeps history', async () => {
    const c = await connectedFirm();
    await syncAndWait(c, { full: true });
    await setupWebhooks(c);
    sb.control.setItemStatus(c.pluggyItemId, 'LOGIN_ERROR', { code: 'INVALID_CREDENTIALS', message: 'Senha alterada no banco' });
    await sb.control.settled();
    await waitFor('item marked', async () => (await db.pluggyItem.findUniqueOrThrow({ where: { id: c.itemDbId } })).status === 'LOGIN_ERROR', 30_000);
    await waitFor('notified', () => db.notification.findFirst({ where: { tenantId: c.f.tenantId, type: 'sync.failed' } }), 30_000);

    const unknown = sb.control.payload('transactions/created', { itemId: randomUUID(), accountId: randomUUID() });
    await sb.control.deliver([unknown]);
    const [ev] = await processedEvents(c.f.tenantId, [unknown.eventId]);
    expect(ev!.error).toBe('unknown_item');

    // A confirmed reconciliation on one of the item's credits.
    const tx = await db.pluggyTransaction.findFirstOrThrow({ where: { tenantId: c.f.tenantId, type: 'CREDIT', account: { pluggyItemDbId: c.itemDbId } } });
    const rec = await db.reconciliationRecord.create({
      data: { tenantId: c.f.tenantId, pluggyTransactionDbId: tx.id, advboxTransactionId: '991', amount: tx.amount, score: '95.00', datePaid: tx.date, confirmedBy: c.f.users.MEMBER.userId },
    });
    const count = await db.pluggyTransaction.count({ where: { tenantId: c.f.tenantId, deletedAt: null } });
    const del = sb.control.itemEvent('item/deleted', c.pluggyItemId);
    await sb.control.deliver([del], { duplicates: 2 });
    await processedEvents(c.f.tenantId, [del.eventId]);
    expect((await db.pluggyItem.findUniqueOrThrow({ where: { id: c.itemDbId } })).deletedAt).not.toBeNull();
    expect(await db.pluggyTransaction.count({ where: { tenantId: c.f.tenantId, deletedAt: null } })).toBe(count);
    expect(await db.reconciliationRecord.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({ status: 'CONFIRMED', pluggyTransactionDbId: tx.id });
    // A later full sync leaves the removed item's rows alone.
    await syncAndWait(c, { full: true });
    expect(await db.pluggyTransaction.count({ where: { tenantId: c.f.tenantId, deletedAt: null } })).toBe(count);
  });

  it('a 1,000-webhook burst: bounded KPI refreshes, final KPIs equal a live aggregate', async () => {
    const c = await connectedFirm();
    const checking = c.accounts.find((a) => a.type === 'BANK')!;
    const added = sb.control.addTransactions(checking.id, Array.from({ length: 1000 }, (_, i) => ({
      date: `2026-${String(10 + (i % 2)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      amountCents: 10_00 + i,
      description: `PIX RECEBIDO CLIENTE ${i}`,
    })), { notify: false });
    await syncAndWait(c, { full: true });
    const setup = await setupWebhooks(c);
    const { url } = setup.webhooks[0]!;
    const secret = sb.control.webhookHeaders(setup.webhooks[0]!.pluggyWebhookId)![WEBHOOK_SECRET_HEADER]!;
    // Pluggy removes them (no webhooks from the sandbox: this test sends its own burst).
    sb.control.deleteTransactions(added.map((t) => t.id), { notify: false });
    const payloads = added.map((t) => sb.control.payload('transactions/deleted', { itemId: c.pluggyItemId, accountId: checking.id, transactionIds: [t.id] }));
    const { rows: [{ n: refreshesBefore }] } = await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [kpiRefreshJob.name]);
    // 32 concurrent senders, each event once.
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < payloads.length) {
        const p = payloads[next++]!;
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret }, body: JSON.stringify(p) });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    }));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await processedEvents(c.f.tenantId, payloads.map((p) => p.eventId), 150_000);
    // The follow-ups (coalesced per tenant) have run, then the refresh answering their last request.
    await waitFor('follow-ups done', async () => (await pool.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND data->>'tenantId' = $2 AND state IN ('created','retry','active')`, [webhookChangedJob.name, c.f.tenantId])).rowCount === 0, 60_000);
    const { rows: [{ n: followUps }] } = await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'tenantId' = $2`, [webhookChangedJob.name, c.f.tenantId]);
    expect(followUps).toBeGreaterThan(0);
    expect(followUps).toBeLessThan(200);
    await waitFor('kpi requests answered', async () => (await pool.query(`SELECT 1 FROM kpi_refresh_requests WHERE tenant_id = $1`, [c.f.tenantId])).rowCount === 0, 60_000);
    await waitFor('no refresh queued', async () => (await pool.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state IN ('created','retry','active')`, [kpiRefreshJob.name])).rowCount === 0, 60_000);
    const { rows: [{ n: refreshesAfter }] } = await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [kpiRefreshJob.name]);
    // Other test files share the queue, so the bound is loose; per event it would be 1,000.
    expect(refreshesAfter - refreshesBefore).toBeLessThan(50);
    const view = await pool.query(`SELECT to_char(month, 'YYYY-MM') AS m, type::text, tx_count, total_amount::text FROM mv_tenant_kpis WHERE tenant_id = $1 ORDER BY 1, 2`, [c.f.tenantId]);
    const live = await pool.query(
      `SELECT to_char(date_trunc('month', date), 'YYYY-MM') AS m, type::text, count(*)::int AS tx_count, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END)::text AS total_amount
         FROM pluggy_transactions WHERE tenant_id = $1 AND deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      [c.f.tenantId],
    );
    expect(view.rows).toEqual(live.rows);
    expect(await storedRows(c)).toEqual(remoteRows(c));
  }, 300_000);
});
