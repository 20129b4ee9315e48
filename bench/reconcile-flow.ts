// The reconciliation through the real job (npm run bench:reconcile -- --flow):
// a firm of 20,000 clients whose Advbox account is the sandbox (30 GET/min,
// as Advbox) and whose statement (~100,000 rows: client credits, strangers,
// no-payer credits, debits) is in PostgreSQL. Measures "sync finished"
// (afterBankDataChanged) → `reconciliation_ready` through the precompute
// job, cold (first crawl of customers and receivables, within Advbox's
// budget) and warm (receivable snapshot fresh, customers cached: what a
// recompute after a confirm, link or reject costs), then GET
// /api/reconciliation through the route wrapper: p50/p99 HIT vs MISS.
// Scratch database, Redis db 12 (flushed). Prints; asserts nothing.
import { Redis } from 'ioredis';
import { GET as getView } from '@/app/api/reconciliation/route';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { invalidateTenantRecon } from '@/lib/cache';
import { createScratchDatabase } from '@/lib/db/test-database';
import { onlyDigits } from '@/lib/documents';
import { resetEnvCache } from '@/lib/env';
import { startJobWorkers, stopJobWorkers } from '@/lib/jobs';
import { createPrismaClient } from '@/lib/prisma';
import { resetRedisForTests } from '@/lib/redis';
import { reconciliationPrecomputeJob } from '@/lib/reconciliation-worker';
import { centsString } from '@/lib/reconciliation/result';
import { updateSettings } from '@/lib/settings/settings';
import { generateBook } from '@/lib/synthetic/book';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { startAdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { call } from '@/test/api';
import { createTestSession } from '@/test/sessions';
import { percentiles } from './lib/load';
import { int, ms, table } from './lib/table';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_DB = 12;
const log = (m: string) => console.error(`[bench] ${m}`);

export async function runFlowBench({ clients = 20_000, rows = 100_000, hits = 300, misses = 5 }: { clients?: number; rows?: number; hits?: number; misses?: number } = {}): Promise<void> {
  const scratch = await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench_recon' });
  const raw = new Redis(REDIS, { db: REDIS_DB });
  await raw.flushdb();
  process.env.DATABASE_URL = scratch.url;
  process.env.REDIS_URL = `${REDIS}/${REDIS_DB}`;
  process.env.REDIS_TIMEOUT_MS = '10000';
  process.env.CACHE_LOCAL_MAX_MB = '256';
  const today = saoPauloDate(Date.now());
  const book = generateBook({ seed: 101, customers: clients, anchorDate: today, openWindowDays: 365, debitShare: 0.75 });
  const sb = await startAdvboxSandbox({ firms: { 'bench-token': { book } } });
  process.env.ADVBOX_API_URL = sb.url;
  resetEnvCache();
  resetRedisForTests();
  const { db } = createPrismaClient(scratch.url, 8);
  try {
    const tenant = await db.tenant.create({ data: { name: 'Bench', slug: `bench-${Date.now()}`, settings: { create: {} } } });
    // Several readers: the default rate limit is 60 requests a minute per user.
    const tokens: string[] = [];
    for (let i = 0; i < Math.ceil(hits / 50) + 1; i++) {
      const user = await db.user.create({ data: { email: `bench-${i}-${Date.now()}@bench.local`, name: 'Bench' } });
      await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email: user.email, role: 'OWNER' } });
      tokens.push(await createTestSession(db, user.id));
    }
    await updateSettings(db, { tenantId: tenant.id, actorId: 'bench', input: { advboxToken: 'bench-token' } });
    const item = await db.pluggyItem.create({ data: { tenantId: tenant.id, pluggyItemId: `bench-${tenant.id}`, connectorId: 0, connectorName: 'Bench', status: 'UPDATED' } });
    const account = await db.pluggyAccount.create({
      data: { tenantId: tenant.id, pluggyItemDbId: item.id, pluggyAccountId: `acc-${tenant.id}`, type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta', balance: '0' },
    });
    const statement = [
      ...book.payments.map((p) => ({
        id: p.id,
        date: p.date,
        cents: p.amountCents,
        description: p.description,
        method: p.method,
        payerName: p.payer.name,
        payerDocument: p.payer.document,
      })),
      ...book.debits.map((d) => ({ id: d.id, date: d.date, cents: d.amountCents, description: d.description, method: d.method, payerName: null, payerDocument: null })),
    ]
      .sort((a, b) => (a.date < b.date ? 1 : -1))
      .slice(0, rows);
    log(`seeding ${int(statement.length)} statement rows, ${int(book.customers.length)} clients, ${int(book.receivables.filter((r) => !r.paidDate).length)} open receivables…`);
    for (let i = 0; i < statement.length; i += 5000) {
      await db.pluggyTransaction.createMany({
        data: statement.slice(i, i + 5000).map((s) => ({
          tenantId: tenant.id,
          pluggyAccountDbId: account.id,
          pluggyTransactionId: s.id,
          date: new Date(`${s.date}T00:00:00.000Z`),
          description: s.description,
          type: s.cents > 0 ? ('CREDIT' as const) : ('DEBIT' as const),
          amount: centsString(s.cents),
          paymentMethod: s.method,
          payerName: s.payerName?.slice(0, 160) ?? null,
          payerDocument: s.payerDocument ? onlyDigits(s.payerDocument) : null,
        })),
      });
    }
    await startJobWorkers({ jobs: [reconciliationPrecomputeJob], pollingIntervalSeconds: 0.5 });

    const ready = async (): Promise<{ ms: number; output: unknown }> => {
      const since = new Date();
      const t0 = performance.now();
      const { precomputeJobId } = await afterBankDataChanged(tenant.id, { source: 'sync' });
      if (!precomputeJobId) throw new Error('precompute not enqueued');
      for (;;) {
        const n = await db.realtimeEvent.count({ where: { tenantId: tenant.id, type: 'reconciliation_ready', createdAt: { gte: since } } });
        if (n) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const elapsed = performance.now() - t0;
      const { rows: out } = await (await import('@/lib/jobs')).getBoss().then((b) => b.getDb().executeSql(`SELECT output FROM pgboss.job WHERE id = $1`, [precomputeJobId]));
      return { ms: elapsed, output: (out[0] as { output?: { result?: unknown } } | undefined)?.output?.result ?? null };
    };
    log('cold: sync finished → reconciliation_ready (first crawl within 30 GET/min)…');
    const cold = await ready();
    const crawls = sb.requests.filter((r) => r.method === 'GET' && r.status === 200).length;
    // Warm: what a recompute costs when the receivable copy is fresh (after a confirm, link, reject).
    await db.advboxReceivableSnapshot.update({ where: { tenantId: tenant.id }, data: { fetchedAt: new Date() } });
    await invalidateTenantRecon(tenant.id);
    log('warm: sync finished → reconciliation_ready (snapshot fresh)…');
    const warm = await ready();
    console.log(`\n## Through the job: ${int(clients)} clients, ${int(statement.length)} statement rows\n`);
    console.log(
      table(
        ['run', 'sync finished → reconciliation_ready', 'Advbox GETs', 'job output'],
        [
          ['cold (first crawl)', ms(cold.ms), int(crawls), JSON.stringify(cold.output)],
          ['warm (snapshot fresh)', ms(warm.ms), int(sb.requests.filter((r) => r.method === 'GET' && r.status === 200).length - crawls), JSON.stringify(warm.output)],
        ],
      ),
    );

    const get = (i: number) => call(getView, { method: 'GET', path: '/api/reconciliation', token: tokens[Math.floor(i / 50)]!, ip: null });
    const hitTimes: number[] = [];
    for (let i = 0; i < hits; i++) {
      const t0 = performance.now();
      const r = await get(i);
      hitTimes.push(performance.now() - t0);
      if (r.headers.get('x-cache') !== 'HIT') throw new Error(`expected HIT, got ${r.headers.get('x-cache')} ${r.status}`);
    }
    const missTimes: number[] = [];
    let body = 0;
    for (let i = 0; i < misses; i++) {
      await invalidateTenantRecon(tenant.id);
      const t0 = performance.now();
      const r = await get(tokens.length * 50 - 50 + i);
      missTimes.push(performance.now() - t0);
      body = JSON.stringify(r.json).length;
      if (r.headers.get('x-cache') !== 'MISS') throw new Error(`expected MISS, got ${r.headers.get('x-cache')}`);
    }
    const h = percentiles(hitTimes);
    const m = percentiles(missTimes);
    console.log(`\n## GET /api/reconciliation (default page of 100 rows, ${int(body)} bytes; route wrapper in process, session auth)\n`);
    console.log(
      table(
        ['cache', 'n', 'p50', 'p99', 'max'],
        [
          ['HIT (precomputed)', h.n, ms(h.p50), ms(h.p99), ms(h.max)],
          ['MISS (after an invalidation: full recompute from PostgreSQL + snapshot)', m.n, ms(m.p50), ms(m.p99), ms(m.max)],
        ],
      ),
    );
  } finally {
    await stopJobWorkers({ timeoutMs: 5000 }).catch(() => undefined);
    await db.$disconnect();
    await sb.close();
    await raw.flushdb();
    raw.disconnect();
    await scratch.drop();
  }
}
