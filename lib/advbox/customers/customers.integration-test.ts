// getCustomers() over real PostgreSQL and Redis, the tenant's client built
// from its encrypted token, against the Advbox sandbox: a full crawl on
// first use, HITs after, incremental refreshes (created_start) that pick up
// new customers, incomplete crawls that never drop anyone, one crawl at a
// time across instances, and the stored copy served while Advbox is down.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdvboxClient, MemoryBudget, resetAdvboxBudgetForTests } from '@/lib/advbox/client';
import { invalidateTenantResource } from '@/lib/cache';
import { resetEnvCache } from '@/lib/env';
import { updateSettings } from '@/lib/settings/settings';
import { generateBook } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { answered, fakeClock, type FakeClock } from '@/test/advbox';
import { createTenant, testDb } from '@/test/db';
import { noRedis, startTestRedis, type TestRedis } from '@/test/redis';
import { FULL_EVERY_MS, getCustomers, refreshCustomers } from './index';

const { db, pool } = testDb();
const BOOK = { seed: 9, customers: 1200, anchorDate: '2026-11-30' };
const book = generateBook(BOOK);
let sb: AdvboxSandbox;
let redis: TestRedis;
let clock: FakeClock;
let previousUrl: string | undefined;

beforeAll(async () => {
  // The entry is ~0.4 MB: on a loaded machine its SET can outlast the default
  // 300 ms deadline, and a dropped store would turn the expected HIT into a MISS.
  process.env.REDIS_TIMEOUT_MS = '5000';
  redis = await startTestRedis();
  sb = await startAdvboxSandbox({ firms: {}, clock: { now: () => clock.now() } });
  previousUrl = process.env.ADVBOX_API_URL;
  process.env.ADVBOX_API_URL = sb.url;
  resetEnvCache();
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
  else process.env.ADVBOX_API_URL = previousUrl;
  resetEnvCache();
  await sb.close();
  await redis.stop();
  delete process.env.REDIS_TIMEOUT_MS;
  resetEnvCache();
});
beforeEach(() => {
  clock = fakeClock(Date.parse('2026-11-30T15:00:00Z'));
  sb.clearRequests();
  sb.clearFaults();
  resetAdvboxBudgetForTests();
});

/** A firm whose Advbox token is stored (encrypted) in its settings, with its account in the sandbox. */
async function firm() {
  const tenant = await createTenant(db);
  const token = `token-${tenant.id}`;
  await updateSettings(db, { tenantId: tenant.id, actorId: 'test', input: { advboxToken: token } });
  sb.addFirm(token, { book });
  sb.resetBudget(token);
  return { tenantId: tenant.id, token };
}

const customerLists = (token: string) => answered(sb).filter((r) => r.token === token && r.path.endsWith('/customers'));

describe.skipIf(noRedis)('getCustomers', () => {
  it('crawls everything on first use, then serves the cache; the copy is in PostgreSQL', async () => {
    const { tenantId, token } = await firm();
    const first = await getCustomers(db, tenantId, { clock });
    expect(first.cache).toBe('MISS');
    expect(first.complete).toBe(true);
    expect(first.customers.map((c) => c.id)).toEqual(book.customers.map((c) => c.id));
    expect(customerLists(token).map((r) => r.query.offset)).toEqual(['0', '1000']);

    const again = await getCustomers(db, tenantId, { clock });
    expect(again.cache).toBe('HIT');
    expect(again.customers).toEqual(first.customers);
    expect(customerLists(token)).toHaveLength(2);

    const c = book.customers.find((x) => x.document && x.birthdate)!;
    const { rows } = await pool.query(
      `SELECT document, identification, to_char(birthdate, 'YYYY-MM-DD') AS birthdate, advbox_created_at FROM advbox_customers WHERE tenant_id = $1 AND advbox_id = $2`,
      [tenantId, String(c.id)],
    );
    expect(rows[0]).toMatchObject({ document: c.document, birthdate: c.birthdate });
    expect(rows[0].identification).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    // Advbox's created_at is São Paulo wall time (UTC-3 in 2024-2026).
    expect(new Date(rows[0].advbox_created_at).getTime()).toBe(Date.parse(c.createdAt.replace(' ', 'T') + '-03:00'));
  });

  it('refreshes incrementally once the entry is due: one GET of customers created since, new ones added', async () => {
    const { tenantId, token } = await firm();
    await getCustomers(db, tenantId, { clock });
    clock.advance(11 * 60_000);
    const added = sb.firm(token).addCustomer({ name: 'Cliente Novíssima da Silva', document: '52998224725' });
    await invalidateTenantResource(tenantId, 'customers'); // as the 600 s TTL would
    const next = await getCustomers(db, tenantId, { clock });
    expect(next.cache).toBe('MISS');
    expect(next.customers).toHaveLength(book.customers.length + 1);
    expect(next.customers.find((c) => c.id === added.id)).toMatchObject({ name: 'CLIENTE NOVÍSSIMA DA SILVA', document: '52998224725', listed: true });
    const lists = customerLists(token);
    expect(lists).toHaveLength(3);
    expect(lists[2]!.query).toMatchObject({ created_start: '2026-11-29', created_end: '2026-12-01', offset: '0' });
  });

  it('does not refresh before it is due, and crawls in full every few hours to see edits', async () => {
    const { tenantId, token } = await firm();
    await getCustomers(db, tenantId, { clock });
    await invalidateTenantResource(tenantId, 'customers');
    await getCustomers(db, tenantId, { clock });
    expect(customerLists(token)).toHaveLength(2);

    sb.firm(token).customers[0]!.name = 'NOME CORRIGIDO';
    clock.advance(FULL_EVERY_MS);
    await invalidateTenantResource(tenantId, 'customers');
    const r = await getCustomers(db, tenantId, { clock });
    expect(customerLists(token).slice(2).map((q) => q.query.offset)).toEqual(['0', '1000']);
    expect(r.customers[0]!.name).toBe('NOME CORRIGIDO');
  });

  it('keeps everyone after an incomplete crawl, says so, and crawls in full again next time', async () => {
    const { tenantId, token } = await firm();
    const client = new AdvboxClient({ token, baseUrl: sb.url, budget: new MemoryBudget(), clock, pageLimit: 500 });
    await refreshCustomers(db, tenantId, { client, clock });
    clock.advance(FULL_EVERY_MS);
    sb.repeatNextPages(2);
    const partial = await refreshCustomers(db, tenantId, { client, clock });
    expect(partial).toMatchObject({ ran: true, mode: 'full', complete: false });
    await invalidateTenantResource(tenantId, 'customers');
    const served = await getCustomers(db, tenantId, { clock, client });
    expect(served.complete).toBe(false);
    expect(served.error).toMatch(/incompleta/);
    expect(served.customers).toHaveLength(book.customers.length);
    expect(served.customers.every((c) => c.listed)).toBe(true);
    clock.advance(11 * 60_000);
    expect(await refreshCustomers(db, tenantId, { client, clock })).toMatchObject({ mode: 'full', complete: true });
  });

  it('flags customers a complete crawl no longer lists, keeps them, and rewrites only what changed', async () => {
    const { tenantId, token } = await firm();
    const client = new AdvboxClient({ token, baseUrl: sb.url, budget: new MemoryBudget(), clock });
    await refreshCustomers(db, tenantId, { client, clock });
    const stamp = async (id: number) =>
      (await pool.query('SELECT updated_at FROM advbox_customers WHERE tenant_id = $1 AND advbox_id = $2', [tenantId, String(id)])).rows[0].updated_at;
    const [hidden, edited, untouched] = sb.firm(token).customers.slice(0, 3);
    const before = await stamp(untouched!.id);
    // Advbox hides some customers from listings (they still answer on /customers/{id}).
    sb.firm(token).customers.splice(0, 1);
    edited!.email = 'NOVO@EXEMPLO.COM';
    clock.advance(FULL_EVERY_MS);
    expect(await refreshCustomers(db, tenantId, { client, clock, mode: 'full' })).toMatchObject({ complete: true });
    await invalidateTenantResource(tenantId, 'customers');
    const r = await getCustomers(db, tenantId, { clock, client });
    expect(r.customers).toHaveLength(book.customers.length);
    expect(r.customers.find((c) => c.id === hidden!.id)!.listed).toBe(false);
    expect(r.customers.find((c) => c.id === edited!.id)).toMatchObject({ listed: true, email: 'NOVO@EXEMPLO.COM' });
    expect(await stamp(untouched!.id)).toEqual(before);
    sb.firm(token).customers.unshift(hidden!);
  });

  it('lets one instance crawl at a time', async () => {
    const { tenantId, token } = await firm();
    const client = new AdvboxClient({ token, baseUrl: sb.url, budget: new MemoryBudget(), clock });
    const [a, b] = await Promise.all([refreshCustomers(db, tenantId, { client, clock }), refreshCustomers(db, tenantId, { client, clock })]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(customerLists(token)).toHaveLength(2);
  });

  it('serves the stored copy while Advbox is down, and fails when there is none', async () => {
    {
      const { tenantId, token } = await firm();
      await getCustomers(db, tenantId, { clock });
      clock.advance(11 * 60_000);
      sb.revokeToken(token);
      await invalidateTenantResource(tenantId, 'customers');
      const r = await getCustomers(db, tenantId, { clock });
      expect(r.customers).toHaveLength(book.customers.length);
      expect(r.error).toMatch(/recusou o token/);

      const other = await firm();
      sb.revokeToken(other.token);
      await expect(getCustomers(db, other.tenantId, { clock })).rejects.toMatchObject({ kind: 'invalid_token' });
    }
  });
});
