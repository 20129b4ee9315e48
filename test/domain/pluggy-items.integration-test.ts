// Bank connections through the real routes, with the real client against
// the Pluggy sandbox: connect tokens for our user, binding an item after the
// widget (checked against Pluggy, bound to one tenant only), the listing,
// soft disconnection that keeps history, and refresh within Pluggy's limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as getAccounts } from '@/app/api/pluggy/accounts/route';
import { DELETE as deleteItemRoute } from '@/app/api/pluggy/items/[id]/route';
import { POST as refreshRoute } from '@/app/api/pluggy/items/[id]/refresh/route';
import { GET as listRoute, POST as bindRoute } from '@/app/api/pluggy/items/route';
import { POST as tokenRoute } from '@/app/api/pluggy/token/route';
import { resetEnvCache } from '@/lib/env';
import { SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { itemUpdateLimiter } from '@/lib/pluggy/items/update-limiter';
import { findPendingSync } from '@/lib/pluggy/sync/start-sync';
import { waitFor } from '@/test/jobs';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { updateSettings } from '@/lib/settings/settings';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { call, expectErrorContract, withEnv } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';

const { db } = testDb();
let sb: PluggySandbox;
const savedUrl = process.env.PLUGGY_API_URL;

beforeAll(async () => {
  // Items stay UPDATING until the test completes them (control.completeUpdate).
  sb = await startPluggySandbox({ updateDelayMs: null, defaultFirm: { seed: 31, anchorDate: '2026-11-30', customers: 15 } });
  process.env.PLUGGY_API_URL = sb.url;
  resetEnvCache();
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.PLUGGY_API_URL;
  else process.env.PLUGGY_API_URL = savedUrl;
  resetEnvCache();
  await sb.close();
});
beforeEach(() => {
  resetMemoryLimits();
  itemUpdateLimiter.reset();
  sb.control.clearFaults();
});

async function firmWithPluggy(name = 'Escritório Pluggy'): Promise<FirmFixture> {
  const f = await createFirm(db, name);
  await updateSettings(db, { tenantId: f.tenantId, actorId: f.users.OWNER.userId, input: { pluggyClientId: SANDBOX_CLIENT.clientId, pluggyClientSecret: SANDBOX_CLIENT.clientSecret } });
  return f;
}

const token = (t: string, body?: unknown) => call(tokenRoute, { method: 'POST', path: '/api/pluggy/token', token: t, body });
const bind = (t: string, itemId: string) => call(bindRoute, { method: 'POST', path: '/api/pluggy/items', token: t, body: { itemId } });
const list = (t: string) => call(listRoute, { method: 'GET', path: '/api/pluggy/items', token: t });
const disconnect = (t: string, id: string) => call(deleteItemRoute, { method: 'DELETE', path: `/api/pluggy/items/${id}`, token: t, params: { id } });
const refresh = (t: string, id: string) => call(refreshRoute, { method: 'POST', path: `/api/pluggy/items/${id}/refresh`, token: t, params: { id } });

function claims(jwt: string) {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { connect?: { clientUserId?: string; itemId?: string } };
}

/** What the Connect widget does with the token: create the item at Pluggy, which then finishes its first update. */
async function connectWithWidget(f: FirmFixture, user = 'user-ok'): Promise<string> {
  const t = await token(f.users.ADMIN.token);
  expect(t.status, JSON.stringify(t.json)).toBe(200);
  const res = await fetch(`${sb.url}/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': t.json.accessToken },
    body: JSON.stringify({ connectorId: 0, parameters: { user, password: 'password-ok' } }),
  });
  const item = (await res.json()) as { id: string };
  sb.control.completeUpdate(item.id);
  return item.id;
}

describe('POST /api/pluggy/token', () => {
  it('gives a connect token whose clientUserId is the caller', async () => {
    const f = await firmWithPluggy();
    const res = await token(f.users.ADMIN.token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ mode: 'pluggy', sandboxApiUrl: null, pluggyItemId: null });
    expect(Date.parse(res.json.expiresAt)).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(claims(res.json.accessToken).connect?.clientUserId).toBe(f.users.ADMIN.userId);
  });

  it('opens an existing connection in update mode, only the tenant’s own', async () => {
    const f = await firmWithPluggy();
    const g = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    const res = await token(f.users.ADMIN.token, { itemId: bound.json.id });
    expect(res.json.pluggyItemId).toBe(pluggyItemId);
    expect(claims(res.json.accessToken).connect?.itemId).toBe(pluggyItemId);
    expect((await token(g.users.ADMIN.token, { itemId: bound.json.id })).status).toBe(404);
  });

  it('without Pluggy configured: 409; with only the local sandbox: sandbox mode', async () => {
    const f = await createFirm(db);
    const none = await withEnv({ PLUGGY_CLIENT_ID: undefined, PLUGGY_CLIENT_SECRET: undefined, PLUGGY_SANDBOX_URL: undefined }, () => token(f.users.ADMIN.token));
    expect(none.status).toBe(409);
    expect(expectErrorContract(none.json).details).toMatchObject({ reason: 'pluggy_not_configured' });
    const demo = await withEnv({ PLUGGY_SANDBOX_URL: sb.url }, () => token(f.users.ADMIN.token));
    expect(demo.status).toBe(200);
    expect(demo.json).toMatchObject({ mode: 'sandbox', sandboxApiUrl: sb.url });
  });

  it('rejected credentials are a 409 naming the problem; Pluggy down is a 503', async () => {
    const f = await createFirm(db);
    await updateSettings(db, { tenantId: f.tenantId, actorId: f.users.OWNER.userId, input: { pluggyClientId: 'wrong-client', pluggyClientSecret: 'wrong-secret' } });
    const res = await token(f.users.ADMIN.token);
    expect(res.status).toBe(409);
    expect(expectErrorContract(res.json).details).toMatchObject({ reason: 'pluggy_credentials_rejected', pluggyCode: 'CLIENT_KEYS_UNAUTHORIZED' });
    const g = await firmWithPluggy();
    sb.control.failNext({ status: 503, count: 4, path: '/connect_token' });
    const down = await token(g.users.ADMIN.token);
    expect(down.status).toBe(503);
    expect(expectErrorContract(down.json).code).toBe('service_unavailable');
  });
});

describe('POST /api/pluggy/items', () => {
  it('binds the item with its accounts (exact balances), once, with an audit row', async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const res = await bind(f.users.ADMIN.token, pluggyItemId);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ pluggyItemId, connectorId: 0, connectorName: 'Pluggy Bank', status: 'UPDATED', executionStatus: 'SUCCESS', error: null, accountCount: 2 });
    const accounts = await db.pluggyAccount.findMany({ where: { tenantId: f.tenantId, pluggyItemDbId: res.json.id }, orderBy: { type: 'asc' } });
    const remote = sb.control.accounts(pluggyItemId);
    expect(accounts.map((a) => [a.pluggyAccountId, a.type, a.subtype, a.balance?.toFixed(2)])).toEqual(
      remote.sort((a, b) => a.type.localeCompare(b.type)).map((a) => [a.id, a.type, a.subtype, a.balance.toFixed(2)]),
    );
    expect(accounts.every((a) => a.taxNumber && /^\d{14}$/.test(a.taxNumber))).toBe(true);
    // Its first sync is queued (no worker runs here, so it waits: binding again joins it).
    const pending = await waitFor('the first sync', () => findPendingSync(f.tenantId));
    if (res.json.syncJobId !== null) expect(res.json.syncJobId).toBe(pending);

    const again = await bind(f.users.ADMIN.token, pluggyItemId);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(res.json.id);
    expect([pending, null]).toContain(again.json.syncJobId);
    expect(await db.pluggyAccount.count({ where: { pluggyItemDbId: res.json.id } })).toBe(2);
    const audits = await db.auditLog.findMany({ where: { tenantId: f.tenantId, action: 'pluggy_item.connected' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.entityId).toBe(res.json.id);
  });

  it('an item of another tenant is refused with 409, even when both bind at once', async () => {
    const a = await firmWithPluggy('Firma A');
    const b = await firmWithPluggy('Firma B');
    // Created by a user of A: B cannot claim it.
    const fromA = await connectWithWidget(a);
    const claimed = await bind(b.users.ADMIN.token, fromA);
    expect(claimed.status).toBe(409);
    expect(expectErrorContract(claimed.json).details).toMatchObject({ reason: 'item_created_elsewhere' });

    // No clientUserId (e.g. made outside the widget): the first tenant to bind it keeps it.
    const loose = sb.control.createItem();
    sb.control.completeUpdate(loose.id);
    const [ra, rb] = await Promise.all([bind(a.users.ADMIN.token, loose.id), bind(b.users.ADMIN.token, loose.id)]);
    expect([ra.status, rb.status].sort()).toEqual([201, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(expectErrorContract(loser.json).details).toMatchObject({ reason: 'item_bound_elsewhere' });
    expect(await db.pluggyItem.count({ where: { pluggyItemId: loose.id } })).toBe(1);
  });

  it('an item Pluggy does not know is a 404', async () => {
    const f = await firmWithPluggy();
    const res = await bind(f.users.ADMIN.token, crypto.randomUUID());
    expect(res.status).toBe(404);
    expect(expectErrorContract(res.json).details).toMatchObject({ reason: 'pluggy_item_not_found' });
  });
});

describe('GET /api/pluggy/items', () => {
  it("lists the tenant's connections with status and error, nobody else's", async () => {
    const f = await firmWithPluggy();
    const g = await firmWithPluggy();
    const ok = await bind(f.users.ADMIN.token, await connectWithWidget(f));
    const broken = await connectWithWidget(f, 'user-locked');
    const bad = await bind(f.users.ADMIN.token, broken);
    expect(bad.json).toMatchObject({ status: 'LOGIN_ERROR', error: { code: 'ACCOUNT_LOCKED' }, accountCount: 0 });
    await bind(g.users.ADMIN.token, await connectWithWidget(g));
    const res = await list(f.users.VIEWER.token);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { id: string }) => i.id).sort()).toEqual([f.itemId, ok.json.id, bad.json.id].sort());
    expect(res.json.items.find((i: { id: string }) => i.id === bad.json.id)).toMatchObject({ status: 'LOGIN_ERROR', error: { code: 'ACCOUNT_LOCKED' }, lastSyncedAt: null });
  });
});

describe('DELETE /api/pluggy/items/[id]', () => {
  it('soft-deletes: transactions and reconciliation history stay; the item is deleted at Pluggy', async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    const account = await db.pluggyAccount.findFirstOrThrow({ where: { pluggyItemDbId: bound.json.id, type: 'BANK' } });
    const tx = await db.pluggyTransaction.create({
      data: { tenantId: f.tenantId, pluggyAccountDbId: account.id, pluggyTransactionId: crypto.randomUUID(), date: new Date(Date.UTC(2026, 10, 2)), description: 'PIX RECEBIDO - ANA LIMA', type: 'CREDIT', amount: '1500.00' },
    });
    const rec = await db.reconciliationRecord.create({
      data: { tenantId: f.tenantId, pluggyTransactionDbId: tx.id, advboxTransactionId: '17800001', amount: '1500.00', score: '95.00', datePaid: new Date(Date.UTC(2026, 10, 2)), confirmedBy: f.users.MEMBER.userId },
    });

    const res = await disconnect(f.users.ADMIN.token, bound.json.id);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: bound.json.id, deleted: true, remoteDeleted: true });
    expect((await db.pluggyItem.findUniqueOrThrow({ where: { id: bound.json.id } })).deletedAt).not.toBeNull();
    expect(await db.pluggyTransaction.findUniqueOrThrow({ where: { id: tx.id } })).toMatchObject({ deletedAt: null, description: 'PIX RECEBIDO - ANA LIMA' });
    expect(await db.reconciliationRecord.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({ status: 'CONFIRMED' });
    expect(() => sb.control.getItem(pluggyItemId)).toThrow();
    expect((await list(f.users.VIEWER.token)).json.items.map((i: { id: string }) => i.id)).not.toContain(bound.json.id);
    const accs = await call(getAccounts, { method: 'GET', path: '/api/pluggy/accounts', token: f.users.VIEWER.token });
    expect(accs.json.accounts.map((a: { id: string }) => a.id)).not.toContain(account.id);
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'pluggy_item.disconnected', entityId: bound.json.id } })).toBe(1);
    expect((await disconnect(f.users.ADMIN.token, bound.json.id)).status).toBe(404);
  });

  it('disconnects here even when Pluggy cannot be reached, and says so', async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    sb.control.failNext({ status: 503, count: 4, method: 'DELETE' });
    const res = await disconnect(f.users.ADMIN.token, bound.json.id);
    expect(res.json).toEqual({ id: bound.json.id, deleted: true, remoteDeleted: false });
    expect(sb.control.getItem(pluggyItemId).id).toBe(pluggyItemId);
    // Binding it again brings the same row back.
    const again = await bind(f.users.ADMIN.token, pluggyItemId);
    expect([again.status, again.json.id]).toEqual([200, bound.json.id]);
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'pluggy_item.reconnected' } })).toBe(1);
  });
});

describe('POST /api/pluggy/items/[id]/refresh', () => {
  it('starts an update at Pluggy and answers 202 with the new status', async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    const mark = sb.requests.length;
    const res = await refresh(f.users.MEMBER.token, bound.json.id);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: bound.json.id, status: 'UPDATING' });
    expect((await db.pluggyItem.findUniqueOrThrow({ where: { id: bound.json.id } })).status).toBe('UPDATING');
    // Still updating at Pluggy: no second PATCH.
    resetMemoryLimits();
    expect((await refresh(f.users.MEMBER.token, bound.json.id)).status).toBe(202);
    expect(sb.requests.slice(mark).filter((r) => r.method === 'PATCH').length).toBe(1);
    sb.control.completeUpdate(pluggyItemId);
    resetMemoryLimits();
    expect((await refresh(f.users.MEMBER.token, bound.json.id)).json.status).toBe('UPDATING');
    expect(sb.requests.slice(mark).filter((r) => r.method === 'PATCH').length).toBe(2);
    expect(await db.auditLog.count({ where: { tenantId: f.tenantId, action: 'pluggy_item.refresh_requested' } })).toBe(3);
  });

  it("keeps within Pluggy's 20 updates a minute: a tenant gets 10, then 429 with Retry-After", async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      resetMemoryLimits();
      statuses.push((await refresh(f.users.MEMBER.token, bound.json.id)).status);
      if (sb.control.getItem(pluggyItemId).status === 'UPDATING') sb.control.completeUpdate(pluggyItemId);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    resetMemoryLimits();
    const limited = await refresh(f.users.MEMBER.token, bound.json.id);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(expectErrorContract(limited.json).details).toMatchObject({ reason: 'item_update_limit' });
  });

  it("passes Pluggy's own 429 on at once with its Retry-After, without waiting 60 s", async () => {
    const f = await firmWithPluggy();
    const pluggyItemId = await connectWithWidget(f);
    const bound = await bind(f.users.ADMIN.token, pluggyItemId);
    sb.control.failNext({ status: 429, retryAfter: 60, method: 'PATCH' });
    const t = performance.now();
    const res = await refresh(f.users.MEMBER.token, bound.json.id);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(expectErrorContract(res.json).details).toMatchObject({ reason: 'pluggy_rate_limited', retryAfter: 60 });
  });
});
