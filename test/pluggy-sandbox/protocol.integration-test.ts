// The Pluggy sandbox's wire protocol, over HTTP: what pluggy-sdk and our
// client rely on (auth JWTs, cursor pages, Pluggy's 400s, error bodies,
// 429 + Retry-After, the item life cycle, webhooks) and its driving API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluggyClient } from 'pluggy-sdk';
import { SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { startWebhookReceiver, type WebhookReceiver } from '@/test/webhook-receiver';

const ANCHOR = '2026-11-30';

async function raw(sb: PluggySandbox, method: string, path: string, opts: { key?: string; body?: unknown } = {}) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.key ? { 'x-api-key': opts.key } : {}) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies are read loosely
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as any };
}

async function apiKey(sb: PluggySandbox): Promise<string> {
  return (await raw(sb, 'POST', '/auth', { body: SANDBOX_CLIENT })).json.apiKey as string;
}

function claims(jwt: string): { exp: number; iat: number; clientId: string } {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat: number; clientId: string };
}

async function readyItem(sb: PluggySandbox, key: string, body: Record<string, unknown> = {}) {
  const created = await raw(sb, 'POST', '/items', { key, body: { connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' }, ...body } });
  expect(created.status).toBe(200);
  await sb.control.waitForItem(created.json.id);
  const accounts = (await raw(sb, 'GET', `/accounts?itemId=${created.json.id}`, { key })).json.results as { id: string; type: string; subtype: string }[];
  return { itemId: created.json.id as string, accounts, checking: accounts.find((a) => a.type === 'BANK')!.id, card: accounts.find((a) => a.type === 'CREDIT')!.id };
}

async function allPagesV2(sb: PluggySandbox, key: string, first: string) {
  const rows: { id: string; date: string; createdAt: string }[] = [];
  const nexts: string[] = [];
  let path: string | null = first;
  while (path) {
    const r = await raw(sb, 'GET', path, { key });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    rows.push(...r.json.results);
    if (r.json.next) nexts.push(r.json.next);
    path = r.json.next ? `/v2/transactions${r.json.next}` : null;
  }
  return { rows, nexts };
}

describe('auth', () => {
  let sb: PluggySandbox;
  let clock = Date.UTC(2026, 10, 30, 12);
  beforeAll(async () => {
    sb = await startPluggySandbox({ now: () => clock, defaultFirm: { seed: 1, anchorDate: ANCHOR, customers: 10 } });
  });
  afterAll(() => sb.close());

  it('POST /auth gives a JWT with a real exp two hours ahead', async () => {
    const key = await apiKey(sb);
    const c = claims(key);
    expect(c.exp - c.iat).toBe(7200);
    expect(c.iat).toBe(Math.floor(clock / 1000));
    expect(c.clientId).toBe(SANDBOX_CLIENT.clientId);
  });

  it('refuses a wrong pair with Pluggy body 401 CLIENT_KEYS_UNAUTHORIZED, and a missing pair with 400', async () => {
    const bad = await raw(sb, 'POST', '/auth', { body: { ...SANDBOX_CLIENT, clientSecret: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: expect.any(String) });
    expect((await raw(sb, 'POST', '/auth', { body: {} })).status).toBe(400);
  });

  it('403 without a key, 401 for a forged, expired or revoked one', async () => {
    expect((await raw(sb, 'GET', '/connectors')).status).toBe(403);
    const key = await apiKey(sb);
    expect((await raw(sb, 'GET', '/connectors', { key })).status).toBe(200);
    const forged = key.split('.').slice(0, 2).join('.') + '.c2lnbmF0dXJl';
    expect((await raw(sb, 'GET', '/connectors', { key: forged })).status).toBe(401);
    clock += 7200_000;
    const expired = await raw(sb, 'GET', '/connectors', { key });
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe(401);
    const fresh = await apiKey(sb);
    sb.control.revokeApiKeys();
    expect((await raw(sb, 'GET', '/connectors', { key: fresh })).status).toBe(401);
    clock += 1000;
    expect((await raw(sb, 'GET', '/connectors', { key: await apiKey(sb) })).status).toBe(200);
  });
});

describe('connectors, items and their life cycle', () => {
  let sb: PluggySandbox;
  let key: string;
  beforeAll(async () => {
    sb = await startPluggySandbox({ updateDelayMs: 30, defaultFirm: { seed: 2, anchorDate: ANCHOR, customers: 20 } });
    key = await apiKey(sb);
  });
  afterAll(() => sb.close());

  it('lists Pluggy Bank (id 0) only with sandbox=true, plus Brazilian banks', async () => {
    const plain = (await raw(sb, 'GET', '/connectors', { key })).json.results as { id: number; name: string }[];
    const withSandbox = (await raw(sb, 'GET', '/connectors?sandbox=true', { key })).json.results as { id: number; name: string; isSandbox: boolean }[];
    expect(plain.some((c) => c.id === 0)).toBe(false);
    expect(withSandbox.find((c) => c.id === 0)).toMatchObject({ name: 'Pluggy Bank', isSandbox: true });
    expect(plain.map((c) => c.name)).toContain('Itaú Empresas');
    expect((await raw(sb, 'GET', '/connectors/9999', { key })).json.codeDescription).toBe('CONNECTOR_NOT_FOUND');
  });

  it('an item goes UPDATING → UPDATED with a checking account and a credit card', async () => {
    const created = await raw(sb, 'POST', '/items', { key, body: { connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' }, clientUserId: 'user-42' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ status: 'UPDATING', clientUserId: 'user-42', connector: { id: 0, name: 'Pluggy Bank' } });
    const during = await raw(sb, 'GET', `/items/${created.json.id}`, { key });
    expect(during.json.status).toBe('UPDATING');
    await sb.control.waitForItem(created.json.id);
    const after = await raw(sb, 'GET', `/items/${created.json.id}`, { key });
    expect(after.json).toMatchObject({ status: 'UPDATED', executionStatus: 'SUCCESS', error: null });
    expect(after.json.lastUpdatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const accounts = (await raw(sb, 'GET', `/accounts?itemId=${created.json.id}`, { key })).json.results;
    expect(accounts.map((a: { type: string; subtype: string }) => `${a.type}/${a.subtype}`).sort()).toEqual(['BANK/CHECKING_ACCOUNT', 'CREDIT/CREDIT_CARD']);

    // PATCH starts another update, with the same life cycle.
    const patched = await raw(sb, 'PATCH', `/items/${created.json.id}`, { key, body: {} });
    expect(patched.status).toBe(200);
    expect(patched.json.status).toBe('UPDATING');
    const done = await sb.control.waitForItem(created.json.id);
    expect(done.status).toBe('UPDATED');
    expect(Date.parse(done.lastUpdatedAt!)).toBeGreaterThan(Date.parse(after.json.lastUpdatedAt));
  });

  it('sandbox usernames fail the way their institution would', async () => {
    const outcome = async (user: string, password = 'password-ok') => {
      const c = await raw(sb, 'POST', '/items', { key, body: { connectorId: 601, parameters: { user, password } } });
      return sb.control.waitForItem(c.json.id);
    };
    expect(await outcome('user-ok', 'wrong')).toMatchObject({ status: 'LOGIN_ERROR', error: { code: 'INVALID_CREDENTIALS' } });
    expect(await outcome('someone-else')).toMatchObject({ status: 'LOGIN_ERROR', error: { code: 'INVALID_CREDENTIALS' } });
    expect(await outcome('user-locked')).toMatchObject({ status: 'LOGIN_ERROR', error: { code: 'ACCOUNT_LOCKED' } });
    expect(await outcome('user-unavailable')).toMatchObject({ status: 'OUTDATED', error: { code: 'SITE_NOT_AVAILABLE' } });
    expect(await outcome('user-account-need-actions')).toMatchObject({ status: 'WAITING_USER_ACTION', error: { code: 'ACCOUNT_NEEDS_ACTION' } });
    expect(await outcome('user-ok-account-error')).toMatchObject({ status: 'UPDATED', executionStatus: 'PARTIAL_SUCCESS' });
    const mfa = await outcome('user-mfa');
    expect(mfa).toMatchObject({ status: 'WAITING_USER_INPUT', parameter: { name: 'token' } });
    expect((await raw(sb, 'POST', `/items/${mfa.id}/mfa`, { key, body: { token: '123456' } })).json.status).toBe('UPDATING');
    expect(await sb.control.waitForItem(mfa.id)).toMatchObject({ status: 'UPDATED' });
  });

  it('errors use Pluggy body {code, codeDescription?, message}; DELETE answers 200 and the item is gone', async () => {
    const { itemId, checking } = await readyItem(sb, key);
    const missing = await raw(sb, 'GET', `/items/${crypto.randomUUID()}`, { key });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'Item not found' });
    expect((await raw(sb, 'GET', '/v2/transactions', { key })).json).toEqual({ code: 400, message: 'accountId should not be null or undefined,accountId must be a UUID' });
    expect((await raw(sb, 'GET', `/transactions/${crypto.randomUUID()}`, { key })).json.codeDescription).toBe('TRANSACTION_NOT_FOUND');
    expect((await raw(sb, 'DELETE', `/items/${itemId}`, { key })).status).toBe(200);
    expect((await raw(sb, 'GET', `/items/${itemId}`, { key })).status).toBe(404);
    expect((await raw(sb, 'GET', `/v2/transactions?accountId=${checking}`, { key })).json).toEqual({ results: [], next: null });
  });

  it('another API client cannot see the item', async () => {
    const two = await startPluggySandbox({ clients: [SANDBOX_CLIENT, { clientId: 'other', clientSecret: 'other-secret' }], updateDelayMs: 5, defaultFirm: { seed: 2, anchorDate: ANCHOR, customers: 5 } });
    try {
      const k1 = await apiKey(two);
      const k2 = (await raw(two, 'POST', '/auth', { body: { clientId: 'other', clientSecret: 'other-secret' } })).json.apiKey;
      const { itemId, checking } = await readyItem(two, k1);
      expect((await raw(two, 'GET', `/items/${itemId}`, { key: k2 })).status).toBe(404);
      expect((await raw(two, 'GET', `/v2/transactions?accountId=${checking}`, { key: k2 })).json.results).toEqual([]);
    } finally {
      await two.close();
    }
  });

  it('a connect token reaches the connectors, creates items for its clientUserId and sees only those', async () => {
    const { itemId } = await readyItem(sb, key);
    const token = (await raw(sb, 'POST', '/connect_token', { key, body: { options: { clientUserId: 'u-77' } } })).json.accessToken as string;
    expect(claims(token).exp - claims(token).iat).toBe(1800);
    expect((await raw(sb, 'GET', '/connectors?sandbox=true', { key: token })).status).toBe(200);
    const mine = await raw(sb, 'POST', '/items', { key: token, body: { connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' } } });
    expect(mine.json.clientUserId).toBe('u-77');
    expect((await raw(sb, 'GET', `/items/${mine.json.id}`, { key: token })).status).toBe(200);
    expect((await raw(sb, 'GET', `/items/${itemId}`, { key: token })).status).toBe(403);
    expect((await raw(sb, 'GET', '/webhooks', { key: token })).status).toBe(403);
  });
});

describe('GET /v2/transactions', () => {
  let sb: PluggySandbox;
  let key: string;
  let checking: string;
  let card: string;
  let itemId: string;
  beforeAll(async () => {
    sb = await startPluggySandbox({ updateDelayMs: 5, pageSize: 100, defaultFirm: { seed: 4, anchorDate: ANCHOR, transactions: 1234 } });
    key = await apiKey(sb);
    ({ checking, card, itemId } = await readyItem(sb, key));
  });
  afterAll(() => sb.close());

  it('pages with a relative `next` until null: every row once, in date order', async () => {
    const expected = sb.control.transactions(checking);
    const { rows, nexts } = await allPagesV2(sb, key, `/v2/transactions?accountId=${checking}`);
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(nexts.length).toBe(Math.ceil(rows.length / 100) - 1);
    for (const n of nexts) {
      expect(n.startsWith(`?accountId=${checking}`)).toBe(true);
      // The cursor itself carries + / =, so it must be sent back encoded.
      expect(new URLSearchParams(n).get('after')).toMatch(/[+/=]/);
    }
    const cardRows = await allPagesV2(sb, key, `/v2/transactions?accountId=${card}`);
    expect(rows.length + cardRows.rows.length).toBe(1234);
  });

  it('a cursor sent back unencoded (+ as a space) is a 400 Invalid cursor', async () => {
    const first = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}`, { key });
    const after = new URLSearchParams(first.json.next as string).get('after')!;
    const mangled = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&after=${after}`, { key });
    expect(mangled.status).toBe(400);
    expect(mangled.json).toEqual({ code: 400, message: 'Invalid cursor' });
  });

  it('dateFrom / dateTo are inclusive calendar days; dateFrom with createdAtFrom is refused', async () => {
    const all = sb.control.transactions(checking);
    const from = all[Math.floor(all.length / 3)]!.date.slice(0, 10);
    const to = all[Math.floor((2 * all.length) / 3)]!.date.slice(0, 10);
    const { rows } = await allPagesV2(sb, key, `/v2/transactions?accountId=${checking}&dateFrom=${from}&dateTo=${to}`);
    expect(rows.map((r) => r.id)).toEqual(all.filter((r) => r.date.slice(0, 10) >= from && r.date.slice(0, 10) <= to).map((r) => r.id));
    const both = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&dateFrom=${from}&createdAtFrom=2026-01-01T00:00:00.000Z`, { key });
    expect(both.status).toBe(400);
    expect(both.json.code).toBe(400);
    expect((await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&dateFrom=2026-02-30`, { key })).status).toBe(400);
  });

  it('createdAtFrom returns what was ingested since; ISO offsets are understood', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const added = sb.control.addTransactions(checking, [
      { date: '2026-11-29', amountCents: 150_000, description: 'PIX RECEBIDO - MARIA SILVA', paymentMethod: 'PIX', payer: { name: 'MARIA SILVA', document: '52998224725' } },
      { date: '2025-03-10', amountCents: -4_990, description: 'TARIFA PACOTE DE SERVICOS' },
    ], { notify: false });
    const { rows } = await allPagesV2(sb, key, `/v2/transactions?accountId=${checking}&createdAtFrom=${encodeURIComponent(before)}`);
    expect(rows.map((r) => r.id)).toEqual(added.map((r) => r.id));
    const offset = new Date(Date.parse(before) - 3 * 3600_000).toISOString().replace('Z', '-03:00');
    const viaOffset = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&createdAtFrom=${encodeURIComponent(offset)}`, { key });
    expect(viaOffset.json.results.map((r: { id: string }) => r.id).sort()).toEqual(added.map((r) => r.id).sort());
    const plusAsSpace = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&createdAtFrom=2026-11-30T00:00:00+03:00`, { key });
    expect(plusAsSpace.status).toBe(400);
  });

  it('ids: up to 500 are served; 501 get 400 IDS_PARAMETER_EXCEEDS_MAX_LENGTH', async () => {
    const all = sb.control.transactions(checking);
    const ids = all.slice(0, 500).map((r) => r.id);
    const { rows } = await allPagesV2(sb, key, `/v2/transactions?accountId=${checking}&ids=${ids.join(',')}`);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const over = await raw(sb, 'GET', `/v2/transactions?accountId=${checking}&ids=${[...ids, crypto.randomUUID()].join(',')}`, { key });
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 400, codeDescription: 'IDS_PARAMETER_EXCEEDS_MAX_LENGTH' });
  });

  it('the legacy paged GET /transactions: newest first, total/totalPages, pageSize ≤ 500', async () => {
    const all = sb.control.transactions(checking);
    const p1 = await raw(sb, 'GET', `/transactions?accountId=${checking}&pageSize=50`, { key });
    expect(p1.json).toMatchObject({ total: all.length, totalPages: Math.ceil(all.length / 50), page: 1 });
    expect(p1.json.results[0].id).toBe(all.at(-1)!.id);
    const last = await raw(sb, 'GET', `/transactions?accountId=${checking}&pageSize=50&page=${p1.json.totalPages}`, { key });
    expect(last.json.results.at(-1).id).toBe(all[0]!.id);
    expect((await raw(sb, 'GET', `/transactions?accountId=${checking}&pageSize=501`, { key })).status).toBe(400);
    expect((await raw(sb, 'GET', `/transactions?accountId=${crypto.randomUUID()}`, { key })).json).toEqual({ total: 0, totalPages: 0, page: 1, results: [] });
  });

  it('driving API: updates and deletes show up, and the item id filter holds', async () => {
    const [row] = sb.control.transactions(checking).slice(-1);
    const [changed] = sb.control.updateTransactions([{ id: row!.id, amountCents: 123_45, description: 'PIX RECEBIDO - JOAO S SILVA' }], { notify: false });
    expect(changed).toMatchObject({ id: row!.id, amount: 123.45, description: 'PIX RECEBIDO - JOAO S SILVA' });
    expect(Date.parse(changed!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(row!.updatedAt));
    expect(sb.control.deleteTransactions([row!.id], { notify: false })).toBe(1);
    expect((await raw(sb, 'GET', `/transactions/${row!.id}`, { key })).status).toBe(404);
    expect(sb.control.getItem(itemId).status).toBe('UPDATED');
  });
});

describe('faults and rate limits', () => {
  let sb: PluggySandbox;
  let key: string;
  beforeAll(async () => {
    sb = await startPluggySandbox({ updateDelayMs: 5, defaultFirm: { seed: 5, anchorDate: ANCHOR, customers: 5 } });
    key = await apiKey(sb);
  });
  afterAll(() => sb.close());

  it('answers the next N matching calls with 429 + Retry-After or 5xx, then recovers', async () => {
    sb.control.failNext({ status: 429, count: 2, path: '/connectors' });
    sb.control.failNext({ status: 503, path: /^\/items\/.+/ });
    for (let i = 0; i < 2; i++) {
      const r = await raw(sb, 'GET', '/connectors', { key });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.json).toEqual({ code: 429, message: 'Too many requests. Please try again later (see Retry-After header in seconds)' });
    }
    expect((await raw(sb, 'GET', '/connectors', { key })).status).toBe(200);
    expect((await raw(sb, 'GET', '/webhooks', { key })).status).toBe(200);
    const r = await raw(sb, 'GET', `/items/${crypto.randomUUID()}`, { key });
    expect(r.status).toBe(503);
    expect(r.json.code).toBe(503);
    sb.control.failNext({ status: 500, count: 5 });
    sb.control.clearFaults();
    expect((await raw(sb, 'GET', '/connectors', { key })).status).toBe(200);
  });

  it('PATCH /items is limited to 20 a minute with Retry-After 60 and RateLimit headers', async () => {
    const { itemId } = await readyItem(sb, key);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await raw(sb, 'PATCH', `/items/${itemId}`, { key, body: {} })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await raw(sb, 'PATCH', `/items/${itemId}`, { key, body: {} });
    expect(statuses[20]).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('ratelimit-limit')).toBe('20');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    sb.control.resetRateLimits();
    expect((await raw(sb, 'PATCH', `/items/${itemId}`, { key, body: {} })).status).toBe(200);
  });
});

describe('webhooks', () => {
  let sb: PluggySandbox;
  let key: string;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    sb = await startPluggySandbox({ updateDelayMs: 5, webhookRetryDelayMs: 5, defaultFirm: { seed: 6, anchorDate: ANCHOR, customers: 10 } });
    key = await apiKey(sb);
    rx = await startWebhookReceiver();
  });
  afterAll(async () => {
    await sb.close();
    await rx.close();
  });

  it('CRUD: stores the custom headers (GET does not show them), 5 per event, no duplicates', async () => {
    const created = await raw(sb, 'POST', '/webhooks', { key, body: { event: 'all', url: rx.url, headers: { 'x-concilia-secret': 's3cr3t' } } });
    expect(created.status).toBe(200);
    expect(Object.keys(created.json).sort()).toEqual(['createdAt', 'disabledAt', 'event', 'id', 'updatedAt', 'url']);
    expect(sb.control.webhookHeaders(created.json.id)).toEqual({ 'x-concilia-secret': 's3cr3t' });
    expect((await raw(sb, 'POST', '/webhooks', { key, body: { event: 'all', url: rx.url } })).status).toBe(400);
    expect((await raw(sb, 'POST', '/webhooks', { key, body: { event: 'item/nope', url: rx.url } })).status).toBe(400);
    const extra: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await raw(sb, 'POST', '/webhooks', { key, body: { event: 'connector/status_updated', url: `${rx.url}?n=${i}` } });
      if (r.status === 200) extra.push(r.json.id);
      else expect(i).toBe(5);
    }
    expect((await raw(sb, 'POST', '/webhooks', { key, body: { event: 'connector/status_updated', url: `${rx.url}?n=6` } })).status).toBe(400);
    const patched = await raw(sb, 'PATCH', `/webhooks/${extra[0]}`, { key, body: { enabled: false, headers: { a: 'b' } } });
    expect(patched.json.disabledAt).not.toBeNull();
    for (const id of extra) expect((await raw(sb, 'DELETE', `/webhooks/${id}`, { key })).status).toBe(200);
    expect((await raw(sb, 'GET', `/webhooks/${extra[0]}`, { key })).json.codeDescription).toBe('WEBHOOK_NOT_FOUND');
    expect((await raw(sb, 'GET', '/webhooks', { key })).json.results.map((w: { id: string }) => w.id)).toEqual([created.json.id]);
  });

  it('pluggy-sdk creates and deletes webhooks against it (mutations answer 200)', async () => {
    const old = process.env.PLUGGY_API_URL;
    process.env.PLUGGY_API_URL = sb.url;
    try {
      const sdk = new PluggyClient(SANDBOX_CLIENT);
      const w = await sdk.createWebhook('item/updated', `${rx.url}?sdk=1`, { 'x-a': '1' });
      expect(w.url).toBe(`${rx.url}?sdk=1`);
      await sdk.deleteWebhook(w.id);
    } finally {
      if (old === undefined) delete process.env.PLUGGY_API_URL;
      else process.env.PLUGGY_API_URL = old;
    }
  });

  it("Pluggy's URL rules (an option): HTTPS and a public domain only", async () => {
    const strict = await startPluggySandbox({ webhookUrlRules: 'pluggy', defaultFirm: { seed: 1, anchorDate: ANCHOR, customers: 5 } });
    try {
      const k = await apiKey(strict);
      for (const url of ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://localhost/x', 'https://api.internal/x', 'https://[::1]/x']) {
        expect((await raw(strict, 'POST', '/webhooks', { key: k, body: { event: 'all', url } })).status, url).toBe(400);
      }
      expect((await raw(strict, 'POST', '/webhooks', { key: k, body: { event: 'all', url: 'https://hooks.example.com/pluggy' } })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('life-cycle events arrive with the stored headers; transactions/created links to the new rows', async () => {
    rx.received.length = 0;
    const { itemId, checking } = await readyItem(sb, key, { clientUserId: 'user-9' });
    await sb.control.settled();
    const created = rx.received.find((r) => r.body.event === 'item/created')!;
    expect(created.headers['x-concilia-secret']).toBe('s3cr3t');
    expect(created.body).toMatchObject({ event: 'item/created', itemId, clientUserId: 'user-9', triggeredBy: 'CLIENT', eventId: expect.any(String) });

    const rows = sb.control.addTransactions(checking, [{ date: '2026-11-30', amountCents: 80_055, description: 'PIX RECEBIDO - ANA LIMA', paymentMethod: 'PIX' }]);
    await sb.control.settled();
    const tc = rx.received.find((r) => r.body.event === 'transactions/created')!;
    expect(tc.body).toMatchObject({ itemId, accountId: checking, transactionsCreatedAtFrom: rows[0]!.createdAt });
    const link = tc.body.createdTransactionsLink as string;
    expect(link.startsWith(`${sb.url}/v2/transactions?`)).toBe(true);
    const followed = await raw(sb, 'GET', link.slice(sb.url.length), { key });
    expect(followed.json.results.map((r: { id: string }) => r.id)).toEqual([rows[0]!.id]);

    sb.control.updateTransactions([{ id: rows[0]!.id, description: 'PIX RECEBIDO - ANA P LIMA' }]);
    sb.control.deleteTransactions([rows[0]!.id]);
    sb.control.setItemStatus(itemId, 'LOGIN_ERROR', { code: 'INVALID_CREDENTIALS' });
    sb.control.setItemStatus(itemId, 'WAITING_USER_INPUT');
    await sb.control.settled();
    const events = rx.received.map((r) => r.body.event);
    expect(events).toEqual(expect.arrayContaining(['transactions/updated', 'transactions/deleted', 'item/error', 'item/waiting_user_input']));
    expect(rx.received.find((r) => r.body.event === 'transactions/deleted')!.body).toMatchObject({ transactionIds: [rows[0]!.id], accountId: checking });
    expect(rx.received.find((r) => r.body.event === 'item/error')!.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(sb.control.getItem(itemId)).toMatchObject({ status: 'WAITING_USER_INPUT' });
  });

  it('a failed delivery is retried (not after a 401); the item webhookUrl gets events without custom headers', async () => {
    const itemRx = await startWebhookReceiver();
    try {
      rx.received.length = 0;
      rx.respondWith.push(500, 500);
      const { itemId } = await readyItem(sb, key, { webhookUrl: itemRx.url });
      await sb.control.settled();
      const toRegistered = sb.deliveries.filter((d) => d.event === 'item/created' && d.url === rx.url && d.body.includes(itemId));
      expect(toRegistered.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
      expect(itemRx.received.map((r) => r.body.event)).toEqual(['item/created']);
      expect(itemRx.received[0]!.headers['x-concilia-secret']).toBeUndefined();

      rx.received.length = 0;
      rx.respondWith.push(401);
      sb.control.setItemStatus(itemId, 'OUTDATED', { code: 'SITE_NOT_AVAILABLE' });
      await sb.control.settled();
      expect(rx.received.length).toBe(1);
      expect(itemRx.received.map((r) => r.body.event)).toEqual(['item/created', 'item/error']);
    } finally {
      await itemRx.close();
    }
  });

  it('delivers duplicates, out of order and in bursts on demand', async () => {
    const { itemId, checking } = await readyItem(sb, key);
    await sb.control.settled();
    rx.received.length = 0;
    const a = sb.control.itemEvent('item/updated', itemId);
    const b = sb.control.itemEvent('transactions/created', itemId, { accountId: checking, createdAtFrom: '2026-11-30T10:00:00.000Z' });
    const c = sb.control.payload('connector/status_updated', { id: '0', data: { status: 'UNSTABLE' } });
    const d1 = await sb.control.deliver([a, b], { duplicates: 1 });
    expect(d1.map((d) => d.eventId)).toEqual([a.eventId, a.eventId, b.eventId, b.eventId]);
    const d2 = await sb.control.deliver([a, b, c], { order: 'reverse', to: rx.url, headers: { 'x-concilia-secret': 'other' } });
    expect(d2.map((d) => d.eventId)).toEqual([c.eventId, b.eventId, a.eventId]);
    expect(rx.received.at(-1)!.headers['x-concilia-secret']).toBe('other');
    rx.received.length = 0;
    const burst = Array.from({ length: 30 }, (_, i) => sb.control.itemEvent('transactions/created', itemId, { accountId: checking, createdAtFrom: new Date(Date.UTC(2026, 10, 30, 0, i)).toISOString() }));
    const d3 = await sb.control.deliver(burst, { parallel: true });
    expect(d3.length).toBe(30);
    expect(d3.every((d) => d.status === 200)).toBe(true);
    expect(new Set(rx.received.map((r) => r.body.eventId)).size).toBe(30);
  });
});
