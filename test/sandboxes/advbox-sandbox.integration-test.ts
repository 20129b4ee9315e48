// The Advbox sandbox speaks the protocol and quirks of shared
// specs/advbox.md §11, checked over raw HTTP (no client code): if these
// hold, a client that passes against the sandbox was tested against them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateBook, openReceivables } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { fakeClock } from '@/test/advbox';

const TOKEN = 'sandbox-protocol-token';
const BOOK = { seed: 11, customers: 300, anchorDate: '2026-11-30' };
const UA = 'Concilia-test/1.0 (+tests@concilia.local)';
const clock = fakeClock();
let sb: AdvboxSandbox;

beforeAll(async () => {
  sb = await startAdvboxSandbox({ firms: { [TOKEN]: { bookOptions: BOOK } }, clock });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.resetBudget();
  sb.clearFaults();
});

async function call(path: string, init: { method?: string; token?: string | null; ua?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  // undici sends "node" when no User-Agent is given, a library default the WAF refuses.
  if (init.ua !== null) headers['user-agent'] = init.ua ?? UA;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sb.url + path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

describe('access', () => {
  it('answers a missing or library-default User-Agent with the WAF’s 403 HTML page', async () => {
    for (const ua of [null, 'node-fetch/1.0', 'python-requests/2.31', 'axios/1.6.0']) {
      const r = await call('/settings', { ua });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      expect(r.text).toMatch(/blocked/);
    }
  });

  it('answers 401 {"error":"Unauthenticated."} to a bad or missing token and to routes it lacks', async () => {
    for (const r of [await call('/settings', { token: 'wrong' }), await call('/settings', { token: null }), await call('/tasks'), await call('/transactions/17800001')]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'Unauthenticated.' });
    }
  });
});

describe('customers', () => {
  const book = generateBook(BOOK);

  it('are the book’s clients, upper-cased, with formatted documents and DD/MM/YYYY birthdates, in the envelope', async () => {
    const r = await call('/customers?limit=1000');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['data', 'limit', 'offset', 'query', 'totalCount']);
    expect(r.json.totalCount).toBe(300);
    expect(r.json.data.map((c: { id: number }) => c.id)).toEqual(book.customers.map((c) => c.id));
    const [wire, first] = [r.json.data[0], book.customers[0]!];
    expect(Object.keys(wire).sort()).toEqual(
      ['birthdate', 'cellphone', 'city', 'civil_status', 'country', 'created_at', 'document', 'email', 'gender', 'id', 'identification', 'lawsuits', 'name', 'notes', 'number_cid', 'number_ctps', 'number_pis', 'occupation', 'origin', 'phone', 'postalcode', 'region', 'state', 'street'].sort(),
    );
    expect(wire.name).toBe(first.name.toLocaleUpperCase('pt-BR'));
    const withDoc = r.json.data.find((c: { identification: string | null }) => c.identification?.length === 14);
    expect(withDoc.identification).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    const born = r.json.data.find((c: { birthdate: string | null }) => c.birthdate);
    expect(born.birthdate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(wire.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(r.json.data.some((c: { name: string }) => /[ÁÉÍÓÚÂÊÔÃÕÇ]/.test(c.name))).toBe(true);
  });

  it('page by limit (clamped to 1..1000) and offset', async () => {
    const all = (await call('/customers?limit=1000')).json.data.map((c: { id: number }) => c.id);
    const page = await call('/customers?limit=50&offset=120');
    expect(page.json.data.map((c: { id: number }) => c.id)).toEqual(all.slice(120, 170));
    expect((await call('/customers?limit=5000')).json).toMatchObject({ limit: 1000 });
    expect((await call('/customers?limit=0')).json.data).toHaveLength(1);
    // No limit: a default page, smaller than the whole list.
    expect((await call('/customers')).json.data.length).toBe(100);
  });

  it('filter by name (accent- and case-insensitive), digits of a document, a closed creation window', async () => {
    const accented = book.customers.find((c) => /[ãáéíóúç]/.test(c.name))!;
    const word = accented.name.split(' ').find((w) => /[ãáéíóúç]/.test(w))!;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const byName = (await call(`/customers?limit=1000&name=${encodeURIComponent(plain)}`)).json;
    expect(byName.data.map((c: { id: number }) => c.id)).toContain(accented.id);
    expect(byName.query).toEqual({ name: plain });

    const doc = book.customers.find((c) => c.document)!;
    const formatted = (await call(`/customers?identification=${doc.document}`)).json;
    expect(formatted.data.map((c: { id: number }) => c.id)).toEqual(book.customers.filter((c) => c.document === doc.document).map((c) => c.id));

    const day = book.customers[0]!.createdAt.slice(0, 10);
    const created = (await call(`/customers?limit=1000&created_start=${day}&created_end=${day}`)).json.data;
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((c: { created_at: string }) => c.created_at.startsWith(day))).toBe(true);
    // A lone created_start is ignored, as the live API ignores lone date bounds.
    expect((await call(`/customers?limit=1000&created_start=${day}`)).json.totalCount).toBe(300);
  });

  it('answer /customers/{id} with the bare object, or 404 {"error":"Customer not found"}', async () => {
    const c = await call(`/customers/${book.customers[3]!.id}`);
    expect(c.json).toMatchObject({ id: book.customers[3]!.id, lawsuits: expect.any(Array) });
    expect(c.json.data).toBeUndefined();
    const missing = await call('/customers/1234');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'Customer not found' });
  });
});

describe('transactions', () => {
  const book = generateBook(BOOK);

  it('are the book’s receivables as income (open = no date_payment) plus the firm’s expenses', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw wire objects
    const all: any[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = (await call(`/transactions?limit=1000&offset=${offset}`)).json.data;
      all.push(...page);
      if (page.length < 1000) break;
    }
    const income = all.filter((t) => t.entry_type === 'income');
    expect(income.map((t) => t.id).sort()).toEqual(book.receivables.map((r) => r.id).sort());
    expect(income.filter((t) => t.date_payment === null).map((t) => t.id).sort()).toEqual(openReceivables(book).map((r) => r.id).sort());
    const expenses = all.filter((t) => t.entry_type === 'expense');
    expect(expenses.length).toBeGreaterThan(50);
    expect(expenses.some((t) => t.date_payment === null)).toBe(true);

    const r = book.receivables.find((x) => x.amountCents % 100 !== 0)!;
    const wire = all.find((t) => t.id === r.id);
    const customer = book.customers.find((c) => c.id === r.customerId)!;
    expect(Object.keys(wire).sort()).toEqual(
      ['amount', 'category', 'competence', 'cost_center', 'credit_bank', 'date_due', 'date_payment', 'debit_bank', 'description', 'entry_type', 'id', 'identification', 'is_internal', 'is_recurrent', 'lawsuit_id', 'name', 'process_number', 'protocol_number', 'responsible'].sort(),
    );
    expect(wire).toMatchObject({
      amount: r.amountCents / 100,
      date_due: r.dueDate,
      competence: `${r.dueDate.slice(5, 7)}/${r.dueDate.slice(0, 4)}`,
      name: customer.name.toLocaleUpperCase('pt-BR'),
      description: r.description.toLocaleUpperCase('pt-BR'),
    });
    expect(typeof wire.amount).toBe('number');
  });

  it('filter by due-date and payment-date windows and by customer document', async () => {
    const due = (await call('/transactions?limit=1000&date_due_start=2026-10-01&date_due_end=2026-10-31')).json.data;
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((t: { date_due: string }) => t.date_due >= '2026-10-01' && t.date_due <= '2026-10-31')).toBe(true);
    const paid = book.receivables.find((r) => r.paidDate)!;
    const onDay = (await call(`/transactions?limit=1000&date_payment_start=${paid.paidDate}&date_payment_end=${paid.paidDate}`)).json.data;
    expect(onDay.map((t: { id: number }) => t.id)).toContain(paid.id);
    expect(onDay.every((t: { date_payment: string }) => t.date_payment === paid.paidDate)).toBe(true);
    const c = book.customers.find((x) => x.document && book.receivables.some((r) => r.customerId === x.id))!;
    const mine = (await call(`/transactions?limit=1000&customer_identification=${c.document}`)).json.data;
    expect(mine.map((t: { id: number }) => t.id).sort()).toEqual(book.receivables.filter((r) => r.customerId === c.id).map((r) => r.id).sort());
  });
});

describe('PUT /transactions/{id}', () => {
  const firmBook = generateBook(BOOK);
  const open = () => openReceivables(firmBook).filter((r) => sb.firm(TOKEN).transaction(r.id)!.date_payment === null);

  it('marks paid with date_payment and reopens with null', async () => {
    const r = open()[0]!;
    const put = await call(`/transactions/${r.id}`, { method: 'PUT', body: { date_payment: '2026-11-20' } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ success: true, transactions_id: r.id });
    expect(sb.firm(TOKEN).transaction(r.id)!.date_payment).toBe('2026-11-20');
    expect((await call(`/transactions/${r.id}`, { method: 'PUT', body: { date_payment: null } })).status).toBe(200);
    expect(sb.firm(TOKEN).isPaid(r.id)).toBe(false);
  });

  it('reads amount as Advbox does: BR strings as meant, a "." as a thousands separator', async () => {
    const r = open()[1]!;
    await call(`/transactions/${r.id}`, { method: 'PUT', body: { amount: '1.500,50' } });
    expect(sb.firm(TOKEN).transaction(r.id)!.amount).toBe(1500.5);
    await call(`/transactions/${r.id}`, { method: 'PUT', body: { amount: 1500.5 } });
    expect(sb.firm(TOKEN).transaction(r.id)!.amount).toBe(15005);
    await call(`/transactions/${r.id}`, { method: 'PUT', body: { amount: '1500.50' } });
    expect(sb.firm(TOKEN).transaction(r.id)!.amount).toBe(150050);
    expect((await call(`/transactions/${r.id}`, { method: 'PUT', body: { amount: 0 } })).status).toBe(500);
  });

  it('upper-cases descriptions and refuses what Advbox refuses', async () => {
    const r = open()[2]!;
    await call(`/transactions/${r.id}`, { method: 'PUT', body: { description: 'parcela única' } });
    expect(sb.firm(TOKEN).transaction(r.id)!.description).toBe('PARCELA ÚNICA');
    const refused = [
      { entry_type: 'income' },
      { categories_id: 51 },
      { entry_type: 'income', categories_id: 71 },
      { date_payment: '2026-02-30' },
      { date_payment: '2099-01-01' },
      { competence: '2026-11' },
    ];
    for (const body of refused) {
      const res = await call(`/transactions/${r.id}`, { method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.errors).toBeTypeOf('object');
    }
    expect((await call(`/transactions/${r.id}`, { method: 'PUT', body: '{not json' })).status).toBe(422);
    const missing = await call('/transactions/99', { method: 'PUT', body: { date_payment: null } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'Transaction not found' });
    expect(sb.firm(TOKEN).isPaid(r.id)).toBe(false);
  });
});

describe('budget', () => {
  it('accepts 30 GETs a minute per token, then 429 with x-ratelimit-* and Retry-After; refusals do not count', async () => {
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await call('/settings'));
    expect(results.slice(0, 30).every((r) => r.status === 200)).toBe(true);
    expect(results[0]!.headers.get('x-ratelimit-limit')).toBe('30');
    expect(results[0]!.headers.get('x-ratelimit-remaining')).toBe('29');
    expect(results[30]!.status).toBe(429);
    expect(results[30]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(results[30]!.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(60_000);
    expect((await call('/settings')).status).toBe(200);
  });

  it('counts PUTs per day', async () => {
    sb.setLimits({ putsPerDay: 2 });
    try {
      const id = openReceivables(generateBook(BOOK))[5]!.id;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`/transactions/${id}`, { method: 'PUT', body: { date_payment: null } })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      sb.setLimits({ putsPerDay: 500 });
    }
  });
});

describe('quirks and faults', () => {
  it('repeats the previous page when told to, or every Nth list request', async () => {
    const first = (await call('/customers?limit=10&offset=0')).json.data;
    sb.repeatNextPages(1);
    const second = await call('/customers?limit=10&offset=10');
    expect(second.json.data).toEqual(first);
    expect(sb.requests.at(-1)!.note).toBe('repeated');
    expect((await call('/customers?limit=10&offset=10')).json.data).not.toEqual(first);

    sb.quirks.repeatEvery = 3;
    try {
      const pages = [];
      for (let i = 0; i < 6; i++) pages.push((await call(`/customers?limit=10&offset=${i * 10}`)).json.data[0].id);
      expect(new Set(pages).size).toBeLessThan(6);
    } finally {
      sb.quirks.repeatEvery = 0;
    }
  });

  it('answers injected faults for matching requests, in order', async () => {
    sb.inject({ fault: 500, path: '/customers' });
    sb.inject({ fault: 429, times: 2, retryAfterSeconds: 7 });
    expect((await call('/settings')).status).toBe(429);
    expect((await call('/customers')).status).toBe(500);
    const limited = await call('/settings');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await call('/settings')).status).toBe(200);

    sb.inject({ fault: 'timeout' });
    await expect(fetch(`${sb.url}/settings`, { headers: { 'user-agent': UA, authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    sb.inject({ fault: 'reset' });
    await expect(call('/settings')).rejects.toThrow();
  });

  it('serves the same people a Pluggy sandbox loaded with the same book pays', async () => {
    const other = await startAdvboxSandbox({ firms: { t: { bookOptions: BOOK } } });
    try {
      const a = sb.firm(TOKEN).customers.map((c) => [c.id, c.name, c.identification]);
      const b = other.firm('t').customers.map((c) => [c.id, c.name, c.identification]);
      expect(b).toEqual(a);
      const book = generateBook(BOOK);
      const payers = new Set(book.payments.filter((p) => p.truth.customerId !== null).map((p) => p.truth.customerId));
      expect([...payers].every((id) => other.firm('t').customer(id!))).toBe(true);
    } finally {
      await other.close();
    }
  });
});
