// The client against the Pluggy sandbox over HTTP, next to pluggy-sdk used
// bare, for each defect it fixes: concurrent cold calls share one /auth,
// keys refresh before exp and once on a 401, query values are encoded,
// failures are typed, and the retry policy is the caller's (interactive
// never waits on a 60 s Retry-After; background backs off).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PluggyClient } from 'pluggy-sdk';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { ApiKeyCache } from './api-keys';
import { PluggyApiError, PluggyNetworkError } from './errors';
import { createPluggyApi, type PluggyApiOptions } from './pluggy-api';
import { BACKGROUND, INTERACTIVE } from './retry-policy';
import { SANDBOX_CLIENT } from './sandbox-credentials';

const ANCHOR = '2026-11-30';
let sb: PluggySandbox;
let itemId: string;
let checking: string;
let rowCount: number;

/** A client with its own key cache, so each test starts cold. */
const client = (opts: PluggyApiOptions = {}, baseUrl = sb.url) => createPluggyApi({ baseUrl, ...SANDBOX_CLIENT }, { apiKeys: new ApiKeyCache(), ...opts });

function bareSdk(url = sb.url): PluggyClient {
  // The SDK reads PLUGGY_API_URL once, in its constructor.
  const old = process.env.PLUGGY_API_URL;
  process.env.PLUGGY_API_URL = url;
  try {
    return new PluggyClient(SANDBOX_CLIENT);
  } finally {
    if (old === undefined) delete process.env.PLUGGY_API_URL;
    else process.env.PLUGGY_API_URL = old;
  }
}

const count = (method: string, path: string | RegExp, from = 0) =>
  sb.requests.slice(from).filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path))).length;

beforeAll(async () => {
  sb = await startPluggySandbox({ updateDelayMs: 5, pageSize: 50, rateLimits: false, defaultFirm: { seed: 21, anchorDate: ANCHOR, transactions: 600 } });
  const api = client();
  const item = await api.createItem(0, { user: 'user-ok', password: 'password-ok' });
  itemId = item.id;
  await sb.control.waitForItem(itemId);
  checking = (await api.fetchAccounts(itemId)).find((a) => a.type === 'BANK')!.id;
  rowCount = sb.control.transactions(checking).length;
});
afterAll(() => sb.close());
beforeEach(() => sb.control.clearFaults());

describe('API keys', () => {
  it('concurrent cold calls share one POST /auth (bare pluggy-sdk makes one per call)', async () => {
    const mark = sb.requests.length;
    const api = client();
    await Promise.all([api.fetchItem(itemId), api.fetchAccounts(itemId), api.fetchConnectors(), api.listWebhooks(), api.fetchItem(itemId)]);
    expect(count('POST', '/auth', mark)).toBe(1);

    const mark2 = sb.requests.length;
    const sdk = bareSdk();
    await Promise.all([sdk.fetchItem(itemId), sdk.fetchAccounts(itemId), sdk.fetchConnectors()]);
    expect(count('POST', '/auth', mark2)).toBe(3);
  });

  it('is replaced five minutes before exp, not before', async () => {
    let now = Date.now();
    const api = client({ now: () => now });
    const mark = sb.requests.length;
    await api.fetchItem(itemId);
    now += (7200 - 301) * 1000;
    await api.fetchItem(itemId);
    expect(count('POST', '/auth', mark)).toBe(1);
    now += 2000;
    await api.fetchItem(itemId);
    expect(count('POST', '/auth', mark)).toBe(2);
  });

  it('a 401 drops the key and retries once with a new one; a second 401 is the error', async () => {
    const api = client();
    await api.fetchItem(itemId);
    sb.control.revokeApiKeys();
    await new Promise((r) => setTimeout(r, 1100));
    const mark = sb.requests.length;
    expect((await api.fetchItem(itemId)).id).toBe(itemId);
    expect(sb.requests.slice(mark).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /items/${itemId}`, 'POST /auth', `GET /items/${itemId}`]);

    sb.control.failNext({ status: 401, count: 2, path: `/items/${itemId}` });
    const mark2 = sb.requests.length;
    const err = await api.fetchItem(itemId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluggyApiError);
    expect((err as PluggyApiError).status).toBe(401);
    expect(count('POST', '/auth', mark2)).toBe(1);
    expect(count('GET', `/items/${itemId}`, mark2)).toBe(2);
  });
});

describe('query encoding', () => {
  it('follows cursors that carry + / = through every page (bare pluggy-sdk gets 400 Invalid cursor)', async () => {
    const api = client();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of api.transactionPages(checking)) {
      pages++;
      ids.push(...page.map((t) => t.id));
    }
    expect(ids).toEqual(sb.control.transactions(checking).map((t) => t.id));
    expect(pages).toBe(Math.ceil(rowCount / 50));

    const failure = await bareSdk().fetchAllTransactions(checking).catch((e: unknown) => e);
    expect(failure).toEqual({ code: 400, message: 'Invalid cursor' });
  });

  it('sends an ISO timestamp with an offset intact (bare pluggy-sdk turns its + into a space)', async () => {
    const api = client();
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 2));
    const rows = sb.control.addTransactions(checking, [{ date: ANCHOR, amountCents: 99_90, description: 'PIX RECEBIDO - BRUNO COSTA', paymentMethod: 'PIX' }], { notify: false });
    const plus = new Date(before).toISOString().replace('Z', '+00:00');
    const got: string[] = [];
    for await (const page of api.transactionPages(checking, { createdAtFrom: plus })) got.push(...page.map((t) => t.id));
    expect(got).toEqual([rows[0]!.id]);
    const failure = await bareSdk().fetchTransactionsCursor(checking, { createdAtFrom: plus }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 400 });
  });

  it('fetches any number of ids, at most 500 per request', async () => {
    const api = client();
    const all = sb.control.transactions(checking).map((t) => t.id);
    const wanted = [...all, ...Array.from({ length: 700 }, () => crypto.randomUUID())];
    const mark = sb.requests.length;
    const rows = await api.fetchTransactionsByIds(checking, wanted);
    expect(rows.map((r) => r.id).sort()).toEqual([...all].sort());
    const calls = sb.requests.slice(mark).filter((r) => r.path === '/v2/transactions');
    expect(calls.length).toBeGreaterThanOrEqual(Math.ceil(wanted.length / 500));
    for (const c of calls) expect(new URLSearchParams(c.search).get('ids')!.split(',').length).toBeLessThanOrEqual(500);
  });

  it('reads one page at a time: stopping after the first makes one request', async () => {
    const api = client();
    const mark = sb.requests.length;
    for await (const page of api.transactionPages(checking)) {
      expect(page.length).toBe(50);
      break;
    }
    expect(count('GET', '/v2/transactions', mark)).toBe(1);
  });

  it('returns dates as Date and amounts to the cent', async () => {
    const api = client();
    const [first] = await api.fetchTransactionsByIds(checking, [sb.control.transactions(checking)[0]!.id]);
    expect(first!.date).toBeInstanceOf(Date);
    expect(first!.date.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(Math.round(first!.amount * 100)).toBe(Math.round(sb.control.transactions(checking)[0]!.amount * 100));
  });
});

describe('typed errors', () => {
  it('non-2xx become PluggyApiError with status, codeDescription, message and the request', async () => {
    const missing = await client().fetchItem(crypto.randomUUID()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PluggyApiError);
    expect(missing).toMatchObject({ status: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'Item not found', retryAfter: null, request: { method: 'GET' } });
    const badKeys = await createPluggyApi({ baseUrl: sb.url, clientId: 'x', clientSecret: 'y' }).fetchItem(itemId).catch((e: unknown) => e);
    expect(badKeys).toMatchObject({ status: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', request: { method: 'POST', path: '/auth' } });
    await expect(client().transactionPages(checking, { dateFrom: '2026-01-01', createdAtFrom: new Date() }).next()).rejects.toThrow(RangeError);
  });

  it('no response is a PluggyNetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await client({}, url).fetchItem(itemId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluggyNetworkError);
  });
});

describe('retry policy', () => {
  const fast = { ...BACKGROUND, baseDelayMs: 20, maxDelayMs: 100 };

  it('interactive: one quick retry of a 5xx, then the typed error', async () => {
    const path = `/items/${itemId}`;
    sb.control.failNext({ status: 500, path });
    let mark = sb.requests.length;
    expect((await client().fetchItem(itemId)).id).toBe(itemId);
    expect(count('GET', path, mark)).toBe(2);

    sb.control.failNext({ status: 503, count: 2, path });
    mark = sb.requests.length;
    await expect(client().fetchItem(itemId)).rejects.toMatchObject({ status: 503 });
    expect(count('GET', path, mark)).toBe(2);
  });

  it('interactive never waits on a 60 s Retry-After: one request, the 429 with retryAfter', async () => {
    const api = client({ policy: 'interactive' });
    await api.fetchItem(itemId);
    sb.control.failNext({ status: 429, retryAfter: 60, path: `/items/${itemId}` });
    const mark = sb.requests.length;
    const t = performance.now();
    const err = await api.fetchItem(itemId).catch((e: unknown) => e);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(err).toMatchObject({ status: 429, retryAfter: 60 });
    expect(count('GET', `/items/${itemId}`, mark)).toBe(1);
  });

  it('background: backs off through 5xx and honours Retry-After', async () => {
    const path = `/items/${itemId}`;
    sb.control.failNext({ status: 500, count: 3, path });
    let mark = sb.requests.length;
    expect((await client({ policy: fast }).fetchItem(itemId)).id).toBe(itemId);
    expect(count('GET', path, mark)).toBe(4);

    const api = client({ policy: 'background' });
    await api.fetchItem(itemId);
    sb.control.failNext({ status: 429, retryAfter: 1, path });
    mark = sb.requests.length;
    const t = performance.now();
    expect((await api.fetchItem(itemId)).id).toBe(itemId);
    expect(performance.now() - t).toBeGreaterThanOrEqual(990);
    expect(count('GET', path, mark)).toBe(2);

    // A wait longer than the policy allows fails at once, for the job queue to reschedule.
    sb.control.failNext({ status: 429, retryAfter: 60, path });
    const t2 = performance.now();
    await expect(client({ policy: { ...BACKGROUND, maxWaitMs: 5000 } }).fetchItem(itemId)).rejects.toMatchObject({ status: 429, retryAfter: 60 });
    expect(performance.now() - t2).toBeLessThan(1000);
  });

  it('a POST that got a 5xx is not repeated (it may have created the item)', async () => {
    sb.control.failNext({ status: 500, path: '/items', method: 'POST' });
    const mark = sb.requests.length;
    await expect(client({ policy: fast }).createItem(0, { user: 'user-ok', password: 'password-ok' })).rejects.toMatchObject({ status: 500 });
    expect(count('POST', '/items', mark)).toBe(1);
  });

  it('a dropped connection is retried like a 5xx', async () => {
    let connections = 0;
    const dropper: Server = createServer((req) => req.socket.destroy());
    dropper.on('connection', () => connections++);
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}`;
      await expect(client({ policy: INTERACTIVE }, url).fetchItem(itemId)).rejects.toBeInstanceOf(PluggyNetworkError);
      // One /auth attempt and its quick retry.
      expect(connections).toBe(2);
    } finally {
      await new Promise<void>((r) => dropper.close(() => r()));
    }
  });
});

describe('base URL', () => {
  it('travels with the credentials: two sandboxes in one process, whatever PLUGGY_API_URL says', async () => {
    const other = await startPluggySandbox({ updateDelayMs: 5, defaultFirm: { seed: 22, anchorDate: ANCHOR, customers: 5 } });
    const old = process.env.PLUGGY_API_URL;
    process.env.PLUGGY_API_URL = 'http://127.0.0.1:9';
    try {
      const a = client();
      const b = client({}, other.url);
      const [ia, ib] = await Promise.all([a.fetchItem(itemId), b.createItem(0, { user: 'user-ok', password: 'password-ok' })]);
      expect(ia.id).toBe(itemId);
      expect(other.control.getItem(ib.id).id).toBe(ib.id);
      await expect(b.fetchItem(itemId)).rejects.toMatchObject({ status: 404 });
    } finally {
      if (old === undefined) delete process.env.PLUGGY_API_URL;
      else process.env.PLUGGY_API_URL = old;
      await other.close();
    }
  });
});
