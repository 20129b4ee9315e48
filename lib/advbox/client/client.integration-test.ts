// The Advbox client over HTTP against the sandbox: paging through repeated
// pages, 429 back-off (on a fake clock), 401/403 as typed errors, the
// budget held under concurrent crawls (on a fast clock shared with the
// sandbox), mark paid / reopen, and response validation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateBook, openReceivables } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { answered, fakeClock, maxInWindow, type FakeClock } from '@/test/advbox';
import { ADVBOX_BUDGET, AdvboxApiError, AdvboxClient, MemoryBudget, scaledClock, type AdvboxClientOptions } from '@/lib/advbox/client';

const TOKEN = 'client-test-token';
const BOOK = { seed: 5, customers: 250, anchorDate: '2026-11-30' };
const book = generateBook(BOOK);
let sb: AdvboxSandbox;
let clock: FakeClock;

beforeAll(async () => {
  sb = await startAdvboxSandbox({ firms: { [TOKEN]: { bookOptions: BOOK } }, clock: { now: () => clock.now() } });
});
afterAll(() => sb.close());
beforeEach(() => {
  clock = fakeClock();
  sb.clearFaults();
  sb.clearRequests();
  sb.resetBudget();
  sb.quirks.repeatEvery = 0;
});

function client(extra: Partial<AdvboxClientOptions> = {}) {
  return new AdvboxClient({ token: TOKEN, baseUrl: sb.url, budget: new MemoryBudget(), clock, ...extra });
}

async function failure(p: Promise<unknown>): Promise<AdvboxApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdvboxApiError);
  return err as AdvboxApiError;
}

const listed = () => answered(sb).filter((r) => r.path.endsWith('/customers'));

describe('paging', () => {
  it('crawls every customer with limit=1000', async () => {
    const r = await client().listCustomers();
    expect(r).toMatchObject({ complete: true, requests: 1 });
    expect(r.items.map((c) => c.id)).toEqual(book.customers.map((c) => c.id));
    expect(listed()[0]!.query).toMatchObject({ limit: '1000', offset: '0' });
    const c = r.items.find((x) => x.birthdate && x.document)!;
    const source = book.customers.find((x) => x.id === c.id)!;
    expect(c).toMatchObject({ document: source.document, birthdate: source.birthdate });
  });

  it('asks a repeated page again after a pause, deduplicates, and completes', async () => {
    sb.quirks.repeatEvery = 4;
    const r = await client({ pageLimit: 20 }).listCustomers();
    expect(r.complete).toBe(true);
    expect(r.items).toHaveLength(250);
    expect(new Set(r.items.map((c) => c.id)).size).toBe(250);
    expect(listed().some((q) => q.note === 'repeated')).toBe(true);
    expect(r.requests).toBeGreaterThan(13);
    expect(clock.sleeps.filter((ms) => ms === 2000).length).toBe(listed().filter((q) => q.note === 'repeated').length);
  });

  it('ends incomplete when the same page comes back twice, with what it had', async () => {
    // The 2nd list request (offset 20) and its retry both get page 1 again.
    sb.repeatNextPages(2);
    const first = client({ pageLimit: 20 }).listCustomers();
    const r = await first;
    expect(r).toMatchObject({ complete: false, stop: 'repeated_page', totalCount: 250 });
    expect(r.items.length).toBeLessThan(250);
    expect(listed().map((q) => q.query.offset)).toEqual(['0', '20', '20']);
  });

  it('returns a crawl cut by errors as incomplete, and throws when the first page fails', async () => {
    sb.inject({ fault: 503, path: '/customers', times: 3, after: 2 });
    const r = await client({ pageLimit: 50 }).listCustomers();
    expect(r).toMatchObject({ complete: false, stop: 'error' });
    expect(r.error!.kind).toBe('server');
    expect(r.items).toHaveLength(100);
    expect(clock.sleeps).toEqual([1000, 3000]);

    sb.inject({ fault: 503, path: '/customers', times: 3 });
    expect((await failure(client().listCustomers())).kind).toBe('server');
  });

  it('finds customers by document and by id', async () => {
    const withDoc = book.customers.find((c) => c.document)!;
    const found = await client().findCustomerByIdentification(withDoc.document!);
    expect(found.map((c) => c.id)).toContain(withDoc.id);
    expect(found.every((c) => c.document === withDoc.document)).toBe(true);
    expect(listed().at(-1)!.query.identification).toBe(withDoc.document);
    expect((await client().getCustomer(withDoc.id))!.name).toBe(withDoc.name.toLocaleUpperCase('pt-BR'));
    expect(await client().getCustomer(1234)).toBeNull();
  });

  it('lists open receivables month by month, leaving out paid ones and expenses', async () => {
    const r = await client().listOpenReceivables({ dueFrom: '2026-09-15', dueTo: '2026-12-31' });
    expect(r.complete).toBe(true);
    expect(r.windows.map((w) => [w.from, w.to])).toEqual([
      ['2026-09-15', '2026-09-30'],
      ['2026-10-01', '2026-10-31'],
      ['2026-11-01', '2026-11-30'],
      ['2026-12-01', '2026-12-31'],
    ]);
    const expected = openReceivables(book).filter((x) => x.dueDate >= '2026-09-15' && x.dueDate <= '2026-12-31');
    expect(r.items.map((t) => t.id).sort()).toEqual(expected.map((x) => x.id).sort());
    expect(sb.firm(TOKEN).transactions.some((t) => t.entry_type === 'expense' && t.date_payment === null && t.date_due >= '2026-12-01')).toBe(true);
    const one = r.items.find((t) => t.id === expected[0]!.id)!;
    expect(one).toMatchObject({ entryType: 'income', amountCents: expected[0]!.amountCents, dateDue: expected[0]!.dueDate, paid: false });
  });

  it('crawls wider windows when asked, with the same receivables in fewer GETs', async () => {
    const monthly = await client().listOpenReceivables({ dueFrom: '2026-01-10', dueTo: '2026-12-31' });
    sb.clearRequests();
    const wide = await client().listOpenReceivables({ dueFrom: '2026-01-10', dueTo: '2026-12-31', windowMonths: 6 });
    expect(wide.complete).toBe(true);
    expect(wide.windows.map((w) => [w.from, w.to])).toEqual([
      ['2026-01-10', '2026-06-30'],
      ['2026-07-01', '2026-12-31'],
    ]);
    expect(answered(sb).filter((r) => r.path.endsWith('/transactions'))).toHaveLength(2);
    expect(wide.items.map((t) => t.id).sort()).toEqual(monthly.items.map((t) => t.id).sort());
    await expect(client().listOpenReceivables({ dueFrom: '2026-01-01', dueTo: '2026-02-01', windowMonths: 0 })).rejects.toThrow(RangeError);
  });
});

describe('errors', () => {
  it('a wrong token is invalid_token; so is a route Advbox lacks (its 401 is ambiguous)', async () => {
    const bad = await failure(client({ token: 'nope' }).getSettings());
    expect([bad.kind, bad.status]).toEqual(['invalid_token', 401]);
    const route = await failure(client().transport.send('GET', '/tasks'));
    expect([route.kind, route.status]).toEqual(['invalid_token', 401]);
    expect(answered(sb)).toHaveLength(1);
  });

  it('a missing or library-default User-Agent is refused by the WAF: blocked', async () => {
    for (const userAgent of ['', 'node', 'axios/1.7.2']) {
      const err = await failure(client({ userAgent }).getSettings());
      expect([err.kind, err.status]).toEqual(['blocked', 403]);
    }
    await expect(client().getSettings()).resolves.toMatchObject({ users: [expect.objectContaining({ name: 'PESSOA ADVOGADA' })] });
    expect(sb.requests.at(-1)!.userAgent).toMatch(/^Concilia\/\d+\.\d+\.\d+ \(\+/);
  });

  it('ignores unknown fields and rejects garbage with invalid_response', async () => {
    const firm = sb.firm(TOKEN);
    const c = firm.customers[0]! as unknown as Record<string, unknown>;
    c.surprise = { nested: true };
    try {
      const r = await client().getCustomer(firm.customers[0]!.id);
      expect(r).not.toHaveProperty('surprise');
      const id = c.id;
      c.id = 'not-an-id';
      try {
        const err = await failure(client().listCustomers());
        expect(err.kind).toBe('invalid_response');
        expect(JSON.stringify(err.extra.details)).toMatch(/data\.0\.id/);
      } finally {
        c.id = id;
      }
    } finally {
      delete c.surprise;
    }
  });

  it('a timeout is retried in the background and is unreachable for a person', async () => {
    sb.inject({ fault: 'timeout' });
    await expect(client({ timeoutMs: 150 }).getSettings()).resolves.toBeDefined();
    expect(clock.sleeps).toEqual([1000]);
    sb.inject({ fault: 'timeout' });
    const err = await failure(new AdvboxClient({ token: TOKEN, baseUrl: sb.url, budget: new MemoryBudget(), clock, mode: 'interactive', timeoutMs: 150 }).getSettings());
    expect(err.kind).toBe('unreachable');
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('429', () => {
  it('waits Retry-After (or 60 s without it) and retries, in the background', async () => {
    sb.inject({ fault: 429, retryAfterSeconds: 7 });
    await client().getSettings();
    expect(clock.sleeps).toEqual([7000]);
    sb.inject({ fault: 429, retryAfterSeconds: null });
    await client().getSettings();
    expect(clock.sleeps).toEqual([7000, 60_000]);
    expect(sb.requests.map((r) => r.status)).toEqual([429, 200, 429, 200]);
  });

  it('pauses every caller of the token until the wait is over', async () => {
    const budget = new MemoryBudget();
    sb.inject({ fault: 429, retryAfterSeconds: 30 });
    const t0 = clock.now();
    expect((await failure(client({ budget, mode: 'interactive' }).getSettings())).kind).toBe('rate_limited');
    // Another caller of the same token (another job of the tenant) waits it out before sending.
    await client({ budget }).getSettings();
    expect(clock.sleeps).toEqual([30_000]);
    expect(sb.requests.map((r) => [r.status, r.at - t0])).toEqual([
      [429, 0],
      [200, 30_000],
    ]);
  });

  it('fails at once for a person, saying how long to wait', async () => {
    sb.inject({ fault: 429, retryAfterSeconds: 12 });
    const err = await failure(client().interactive().getSettings());
    expect([err.kind, err.retryAfterMs]).toEqual(['rate_limited', 12_000]);
    expect(clock.sleeps).toEqual([]);
    expect(sb.requests).toHaveLength(1);
  });

  it('recovers when someone else spent the token’s budget (Advbox counts every client of the token)', async () => {
    for (let i = 0; i < 30; i++) await fetch(`${sb.url}/settings`, { headers: { authorization: `Bearer ${TOKEN}`, 'user-agent': 'n8n/1.0' } });
    await expect(client().getSettings()).resolves.toBeDefined();
    expect(sb.requests.slice(30).map((r) => r.status)).toEqual([429, 200]);
    expect(clock.sleeps[0]).toBeGreaterThan(50_000);
  });
});

describe('mark paid and reopen', () => {
  it('PUTs only date_payment, leaves the amount as it was, and verifies by re-listing', async () => {
    const r = openReceivables(book).find((x) => x.amountCents % 100 !== 0)!;
    const before = { ...sb.firm(TOKEN).transaction(r.id)! };
    const c = client();
    await c.markPaid(r.id, '2026-11-28');
    const put = sb.requests.find((q) => q.method === 'PUT')!;
    expect(put.body).toEqual({ date_payment: '2026-11-28' });
    expect(sb.firm(TOKEN).transaction(r.id)).toEqual({ ...before, date_payment: '2026-11-28' });
    expect(await c.verifyPaid(r.id, '2026-11-28')).toBe(true);
    expect(await c.verifyPaid(r.id, '2026-11-27')).toBe(false);

    await c.reopen(r.id);
    expect(sb.requests.filter((q) => q.method === 'PUT').at(-1)!.body).toEqual({ date_payment: null });
    expect(sb.firm(TOKEN).transaction(r.id)).toEqual(before);
    expect(await c.verifyOpen(r.id, r.dueDate)).toBe(true);
  });

  it('reports Advbox refusals and unknown ids as typed errors', async () => {
    const r = openReceivables(book)[1]!;
    const future = await failure(client().markPaid(r.id, '2099-01-01'));
    expect([future.kind, future.status]).toEqual(['validation', 422]);
    expect(future.message).toMatch(/date payment/);
    expect((await failure(client().markPaid(99, '2026-11-28'))).kind).toBe('not_found');
    expect(() => client().markPaid(r.id, '28/11/2026')).toThrow(RangeError);
  });
});

describe('the budget under concurrent work', () => {
  it('three concurrent crawls of one token stay within 30 GETs in any minute of Advbox’s clock', async () => {
    // 20× real time, shared by the sandbox and the clients: a minute is 3 s.
    const fast = scaledClock(20, clock.now());
    const local = await startAdvboxSandbox({ firms: { [TOKEN]: { bookOptions: { ...BOOK, customers: 150 } } }, clock: fast });
    try {
      // The margin is for latency between our count (send) and Advbox's (arrival): at 20× a
      // real second of scheduling delay under load is 20 s of this clock, so the margin scales too.
      const budget = new MemoryBudget({ ...ADVBOX_BUDGET, get: { ...ADVBOX_BUDGET.get, marginMs: 20_000 } });
      const make = () => new AdvboxClient({ token: TOKEN, baseUrl: local.url, budget, clock: fast, pageLimit: 10 });
      const crawls = [make(), make(), make()].map((c) => c.listCustomers());
      // Once background work has used its share, a person still gets a slot at once.
      while (answered(local).length < 27) await new Promise((r) => setTimeout(r, 5));
      const t = fast.now();
      await expect(make().interactive().getCustomer(book.customers[0]!.id)).resolves.toMatchObject({ id: book.customers[0]!.id });
      expect(fast.now() - t).toBeLessThan(3000);
      const results = await Promise.all(crawls);
      expect(results.every((r) => r.complete && r.items.length === 150)).toBe(true);
      const gets = answered(local);
      expect(gets.length).toBe(46);
      expect(local.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(maxInWindow(gets.map((r) => r.at), 60_000)).toBeLessThanOrEqual(30);
    } finally {
      await local.close();
    }
  });
});
