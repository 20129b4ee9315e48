// Crawling a large Advbox account: the client against the sandbox holding a
// firm of N customers (default 20,000) and its receivables.
//   npm run bench:advbox [-- --customers 20000 --rounds 3 --scale 30]
// Phases:
//   1. raw speed, budgets relaxed on both sides: one /settings GET (the
//      reference), one page of 1,000 customers, the full customer crawl, the
//      open receivables of a reconciliation window (anchor −135 d … +30 d);
//   2. the real budget (30 GET/min, our limiter's margin and interactive
//      reserve): the schedule our limiter grants for those requests, and
//      the same work run against the sandbox's real limits on a clock
//      running --scale times faster (Advbox's minute in 60/scale s), counting
//      429s and the most GETs in any 60 s of the sandbox's clock;
//   3. getCustomers() over PostgreSQL (scratch database) and Redis (Upstash
//      bridge over db 12, flushed at start and end): first load (crawl +
//      copy + cache store), HIT, incremental refresh.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { AdvboxClient, MemoryBudget, ADVBOX_BUDGET, scaledClock, type Clock } from '@/lib/advbox/client';
import { reserveSlot } from '@/lib/advbox/client/budget';
import { customerSchema } from '@/lib/advbox/client/schemas';
import { getCustomers, readCustomerColumns } from '@/lib/advbox/customers';
import { cacheStoresSettled, invalidateTenantResource } from '@/lib/cache';
import { createScratchDatabase, findTestServer } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { createPrismaClient } from '@/lib/prisma';
import { resetRedisForTests } from '@/lib/redis';
import { updateSettings } from '@/lib/settings/settings';
import { addDays } from '@/lib/synthetic/book';
import { startAdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { startUpstashBridge } from '@/tools/upstash-bridge/server';
import { timeCalls } from './lib/load';
import { int, ms, table } from './lib/table';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    anchor: { type: 'string', default: '2026-11-30' },
    rounds: { type: 'string', default: '3' },
    scale: { type: 'string', default: '30' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const CUSTOMERS = Number(args.customers);
const ROUNDS = Math.max(1, Number(args.rounds));
const SCALE = Math.max(1, Number(args.scale));
const ANCHOR = args.anchor!;
const WINDOW = { dueFrom: addDays(ANCHOR, -135), dueTo: addDays(ANCHOR, 30) };
const TOKEN = 'bench-advbox-token';
const REDIS_DB = 12;

const unlimited = { limit: 1e9, windowMs: 60_000, marginMs: 0, interactiveReserve: 0 };
const relaxed = () => new MemoryBudget({ get: unlimited, put: unlimited });
const sec = (v: number) => `${(v / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** When our limiter would let `n` GETs go, sent back to back (each taking `serviceMs`), from a fresh budget. */
function schedule(n: number, serviceMs: number): number {
  const logs = { background: [] as number[], interactive: [] as number[], pausedUntil: 0 };
  let now = 0;
  for (let i = 0; i < n; i++) now = reserveSlot(logs, now, ADVBOX_BUDGET.get, false, Infinity).at + serviceMs;
  return now;
}

async function main(): Promise<void> {
  const log = (l: string) => console.log(`[bench] ${l}`);
  let t = performance.now();
  const sb = await startAdvboxSandbox({
    firms: { [TOKEN]: { bookOptions: { seed: Number(args.seed), customers: CUSTOMERS, anchorDate: ANCHOR } } },
    limits: { getsPerMinute: Infinity, putsPerDay: Infinity },
  });
  const firm = sb.firm(TOKEN);
  log(`sandbox: ${int(firm.customers.length)} customers, ${int(firm.transactions.length)} transactions, loaded in ${sec(performance.now() - t)}`);
  const cleanups: (() => Promise<unknown>)[] = [() => sb.close()];
  try {
    // 1. Raw speed.
    const raw = new AdvboxClient({ token: TOKEN, baseUrl: sb.url, budget: relaxed() });
    await raw.getSettings();
    const settings = await timeCalls(50, 1, () => raw.getSettings());
    const pageOf = (offset: number) => async () => {
      const reply = await raw.transport.send('GET', '/customers', { query: { limit: 1000, offset } });
      for (const c of (reply.body as { data: unknown[] }).data) customerSchema.parse(c);
    };
    const pages = await timeCalls(20, 1, (i) => pageOf((i % Math.ceil(CUSTOMERS / 1000)) * 1000)());
    // The sandbox alone: the page's bytes, not parsed.
    const fetchText = (path: string) => () =>
      fetch(sb.url + path, { headers: { authorization: `Bearer ${TOKEN}`, 'user-agent': 'bench/1.0 (+bench@concilia.local)' } }).then((r) => r.text());
    const sandboxCustomers = await timeCalls(20, 1, fetchText('/customers?limit=1000&offset=5000'));
    const sandboxTransactions = await timeCalls(20, 1, fetchText(`/transactions?limit=1000&offset=0&date_due_start=${ANCHOR.slice(0, 8)}01&date_due_end=${ANCHOR}`));
    const crawls: number[] = [];
    let customerRequests = 0;
    for (let i = 0; i < ROUNDS; i++) {
      t = performance.now();
      const r = await raw.listCustomers();
      crawls.push(performance.now() - t);
      customerRequests = r.requests;
      if (!r.complete || r.items.length !== CUSTOMERS) throw new Error(`crawl incomplete: ${r.items.length}`);
    }
    const receivables: number[] = [];
    let recv = await raw.listOpenReceivables(WINDOW);
    for (let i = 0; i < ROUNDS; i++) {
      t = performance.now();
      recv = await raw.listOpenReceivables(WINDOW);
      receivables.push(performance.now() - t);
    }
    const perGet = median(crawls) / customerRequests;
    const perRecvGet = median(receivables) / recv.requests;
    console.log(`\n1. Raw speed (budgets relaxed), ${ROUNDS} rounds, medians`);
    console.log(
      table(
        ['what', 'GETs', 'items', 'time', 'per GET', 'vs /settings p50'],
        [
          ['GET /settings (reference)', 1, '-', ms(settings.p50), ms(settings.p50), '1.0×'],
          ['sandbox alone: 1,000 customers, bytes only (p50 / p99)', 1, 1000, `${ms(sandboxCustomers.p50)} / ${ms(sandboxCustomers.p99)}`, ms(sandboxCustomers.p50), `${(sandboxCustomers.p50 / settings.p50).toFixed(1)}×`],
          ['sandbox alone: 1,000 transactions of a month (p50 / p99)', 1, 1000, `${ms(sandboxTransactions.p50)} / ${ms(sandboxTransactions.p99)}`, ms(sandboxTransactions.p50), `${(sandboxTransactions.p50 / settings.p50).toFixed(1)}×`],
          ['one page of 1,000 customers, parsed (p50 / p99)', 1, 1000, `${ms(pages.p50)} / ${ms(pages.p99)}`, ms(pages.p50), `${(pages.p50 / settings.p50).toFixed(1)}×`],
          [`all ${int(CUSTOMERS)} customers`, customerRequests, int(CUSTOMERS), ms(median(crawls)), ms(perGet), `${(perGet / settings.p50).toFixed(1)}×`],
          [`open receivables ${WINDOW.dueFrom}…${WINDOW.dueTo}`, recv.requests, int(recv.items.length), ms(median(receivables)), ms(perRecvGet), `${(perRecvGet / settings.p50).toFixed(1)}×`],
        ],
      ),
    );

    // 2. The real budget.
    const both = customerRequests + recv.requests;
    console.log(`\n2. Within Advbox's budget (30 GET/min; our limiter: ${ADVBOX_BUDGET.get.limit - ADVBOX_BUDGET.get.interactiveReserve} for background work per ${(ADVBOX_BUDGET.get.windowMs + ADVBOX_BUDGET.get.marginMs) / 1000} s)`);
    const scheduleRows: (string | number)[][] = [
      ['customers, our limiter (burst, then a window)', customerRequests, sec(schedule(customerRequests, perGet))],
      ['customers, spaced 2.1 s (the integrators’ rule)', customerRequests, sec((customerRequests - 1) * 2100 + customerRequests * perGet)],
      ['customers + receivables, our limiter', both, sec(schedule(both, (perGet * customerRequests + perRecvGet * recv.requests) / both))],
      ['customers + receivables, spaced 2.1 s', both, sec((both - 1) * 2100 + median(crawls) + median(receivables))],
    ];
    const fast: Clock = scaledClock(SCALE);
    const paced = await startAdvboxSandbox({
      firms: { [TOKEN]: { bookOptions: { seed: Number(args.seed), customers: CUSTOMERS, anchorDate: ANCHOR } } },
      clock: fast,
    });
    cleanups.push(() => paced.close());
    const budgeted = new AdvboxClient({ token: TOKEN, baseUrl: paced.url, budget: new MemoryBudget(), clock: fast });
    const v0 = fast.now();
    const c = await budgeted.listCustomers();
    const vCustomers = fast.now() - v0;
    const rr = await budgeted.listOpenReceivables(WINDOW);
    const vBoth = fast.now() - v0;
    const gets = paced.requests.filter((q) => q.method === 'GET' && q.status === 200).map((q) => q.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; j < gets.length; j++) {
      while (gets[j]! - gets[i]! >= 60_000) i++;
      worst = Math.max(worst, j - i + 1);
    }
    scheduleRows.push(
      [`measured, clock ×${SCALE}: customers (complete: ${c.complete})`, c.requests, sec(vCustomers)],
      [`measured, clock ×${SCALE}: + receivables (complete: ${rr.complete})`, c.requests + rr.requests, sec(vBoth)],
    );
    console.log(table(['what', 'GETs', 'Advbox time'], scheduleRows));
    console.log(
      `   measured run: ${paced.requests.filter((q) => q.status === 429).length} × 429, at most ${worst} GETs in any 60 s of the sandbox's clock` +
        ` (at ×${SCALE} each real ms of latency counts ${SCALE} ms, so the measured times are upper bounds)`,
    );

    // 3. getCustomers over PostgreSQL and Redis.
    const server = await findTestServer(process.cwd());
    const scratch = await createScratchDatabase(server.adminUrl, { prefix: 'concilia_bench' });
    cleanups.push(async () => {
      await scratch.drop();
      await server.embedded?.stop();
    });
    const redisUrl = args['redis-url']!;
    const flush = new Redis(redisUrl, { db: REDIS_DB });
    await flush.flushdb();
    const bridge = await startUpstashBridge({ redisUrl, db: REDIS_DB, token: 'bench' });
    cleanups.push(async () => {
      await bridge.close();
      await flush.flushdb();
      flush.disconnect();
    });
    Object.assign(process.env, { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token, REDIS_TIMEOUT_MS: '5000', REDIS_SLOW_MS: '10000', ADVBOX_API_URL: sb.url });
    delete process.env.REDIS_URL;
    resetEnvCache();
    resetRedisForTests();
    const { db, pool } = createPrismaClient(scratch.url, 4);
    cleanups.push(() => db.$disconnect().then(() => pool.end()));
    const tenant = await db.tenant.create({ data: { name: 'Bench', slug: `bench-${Date.now()}`, settings: { create: {} } } });
    await updateSettings(db, { tenantId: tenant.id, actorId: 'bench', input: { advboxToken: TOKEN } });
    let now = Date.now();
    const clock: Clock = { now: () => now, sleep: (d) => new Promise((r) => setTimeout(r, d)) };
    const opts = { clock, client: new AdvboxClient({ token: TOKEN, baseUrl: sb.url, budget: relaxed(), clock }) };
    t = performance.now();
    const first = await getCustomers(db, tenant.id, opts);
    const firstMs = performance.now() - t;
    const size = Buffer.byteLength(JSON.stringify(await readCustomerColumns(db, tenant.id)));
    if (first.customers.length !== CUSTOMERS) throw new Error(`getCustomers returned ${first.customers.length}`);
    const statuses = new Map<string, number>();
    const hits = await timeCalls(30, 1, async () => {
      const r = await getCustomers(db, tenant.id, opts);
      statuses.set(r.cache, (statuses.get(r.cache) ?? 0) + 1);
    });
    const incremental: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      now += 11 * 60_000;
      await invalidateTenantResource(tenant.id, 'customers');
      t = performance.now();
      await getCustomers(db, tenant.id, opts);
      incremental.push(performance.now() - t);
    }
    const fromDb: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await invalidateTenantResource(tenant.id, 'customers');
      t = performance.now();
      await getCustomers(db, tenant.id, opts);
      fromDb.push(performance.now() - t);
    }
    await cacheStoresSettled();
    console.log(`\n3. getCustomers() for ${int(CUSTOMERS)} customers (PostgreSQL copy + Redis entry of ${(size / 1e6).toFixed(1)} MB), budgets relaxed`);
    console.log(
      table(
        ['what', 'time'],
        [
          ['first load: crawl + copy + cache store (MISS)', ms(firstMs)],
          [`HIT p50 / p99 (${[...statuses].map(([k, v]) => `${v} ${k}`).join(', ')})`, `${ms(hits.p50)} / ${ms(hits.p99)}`],
          ['MISS, not due: read the PostgreSQL copy (median)', ms(median(fromDb))],
          ['MISS, due: incremental refresh (1 GET) + copy (median)', ms(median(incremental))],
          ['crawl alone, for comparison (phase 1)', ms(median(crawls))],
        ],
      ),
    );
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error('[bench] cleanup:', e));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
