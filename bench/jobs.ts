// npm run bench:jobs [-- --jobs 3000 --latency 200 --burst 1000 --list-jobs 300000 --database-url URL]
//
// The job queue (lib/jobs on pg-boss) in process, on a scratch database:
//   1. enqueue throughput, 1 and 32 concurrent enqueuers, against a plain
//      one-row INSERT on a pool of the same size (the reference);
//   2. enqueue → handler start latency with idle workers (NOTIFY wake-up);
//   3. coalescing: a burst of refresh requests (scheduleKpiRefresh) while the
//      kpi.refresh worker runs, over seeded bank data → refreshes actually run;
//   4. GET /api/jobs's query (listJobs) with N jobs stored, with and without
//      the tenant index.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { getBoss, JOBS_SCHEMA, stopBoss } from '@/lib/jobs/boss';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import { listJobs } from '@/lib/jobs/list-jobs';
import { ensureQueue } from '@/lib/jobs/queues';
import { TENANT_INDEX, ensureTenantIndex } from '@/lib/jobs/tenant-index';
import { startJobWorkers } from '@/lib/jobs/workers';
import { kpiRefreshJob, scheduleKpiRefresh } from '@/lib/kpi-view/refresh-job';
import { seedSynthetic } from '@/lib/synthetic/seed';
import { percentiles, timeCalls } from './lib/load';
import { int, ms, table } from './lib/table';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '3000' },
    latency: { type: 'string', default: '200' },
    burst: { type: 'string', default: '1000' },
    'list-jobs': { type: 'string', default: '300000' },
    tenants: { type: 'string', default: '50' },
    transactions: { type: 'string', default: '200000' },
    'database-url': { type: 'string' },
  },
});
const N = Number(args.jobs);
const LATENCY_N = Number(args.latency);
const BURST = Number(args.burst);
const LIST_N = Number(args['list-jobs']);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(`[bench:jobs] ${line}`);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const plain = defineJob({ name: 'bench.plain', schema: z.strictObject({ tenantId: z.uuid(), n: z.number().int() }), handler: async () => undefined });
const polled = defineJob({ name: 'bench.polled', schema: z.strictObject({ tenantId: z.uuid(), n: z.number().int() }), notify: false, handler: async () => undefined });
const coalesced = defineJob({ name: 'bench.coalesced', schema: z.strictObject({ tenantId: z.uuid() }), coalesce: { key: (p) => p.tenantId }, handler: async () => undefined });
const started = new Map<string, number>();
const pinged = defineJob({
  name: 'bench.ping',
  schema: z.strictObject({ key: z.string() }),
  concurrency: 4,
  handler: async ({ key }) => {
    started.set(key, performance.now());
  },
});

async function main(): Promise<void> {
  const scratch = args['database-url'] ? null : await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench_jobs' });
  const url = args['database-url'] ?? scratch!.url;
  process.env.DATABASE_URL = url;
  resetEnvCache();
  const ref = new pg.Pool({ connectionString: url, max: 4 });
  try {
    const boss = await getBoss();
    log(`database ${scratch?.name ?? url}; pg-boss pool ${4}, reference pool 4`);

    // 1. Enqueue throughput.
    await ref.query('CREATE TABLE IF NOT EXISTS bench_ref (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), data jsonb)');
    await ensureQueue(boss, plain);
    await ensureQueue(boss, coalesced);
    await ensureQueue(boss, polled);
    const tenant = randomUUID();
    const rows: (string | number)[][] = [];
    for (const c of [1, 32]) {
      const refRun = await timeCalls(N, c, (i) => ref.query('INSERT INTO bench_ref (data) VALUES ($1)', [JSON.stringify({ tenantId: tenant, n: i })]));
      const run = await timeCalls(N, c, (i) => enqueue(plain, { tenantId: tenant, n: i }));
      const quiet = await timeCalls(N, c, (i) => enqueue(polled, { tenantId: tenant, n: i }));
      const idem = await timeCalls(N, c, (i) => enqueue(plain, { tenantId: tenant, n: i }, { idempotencyKey: `k${c}-${i % 100}` }));
      const coal = await timeCalls(N, c, () => enqueue(coalesced, { tenantId: tenant }));
      rows.push([`plain INSERT (reference), c=${c}`, int(refRun.opsPerSecond), ms(refRun.p50), ms(refRun.p99), '100 %']);
      rows.push([`enqueue, c=${c}`, int(run.opsPerSecond), ms(run.p50), ms(run.p99), `${Math.round((run.opsPerSecond / refRun.opsPerSecond) * 100)} %`]);
      rows.push([`enqueue, notify: false, c=${c}`, int(quiet.opsPerSecond), ms(quiet.p50), ms(quiet.p99), `${Math.round((quiet.opsPerSecond / refRun.opsPerSecond) * 100)} %`]);
      rows.push([`enqueue, 100 idempotency keys, c=${c}`, int(idem.opsPerSecond), ms(idem.p50), ms(idem.p99), `${Math.round((idem.opsPerSecond / refRun.opsPerSecond) * 100)} %`]);
      rows.push([`enqueue coalesced (1 key), c=${c}`, int(coal.opsPerSecond), ms(coal.p50), ms(coal.p99), `${Math.round((coal.opsPerSecond / refRun.opsPerSecond) * 100)} %`]);
    }
    console.log(`\n1. Enqueue throughput (${int(N)} calls each)\n`);
    console.log(table(['what', 'per s', 'p50', 'p99', 'vs reference'], rows));

    // 2. Enqueue → handler start, idle workers (woken by NOTIFY).
    await startJobWorkers({ jobs: [pinged] });
    await sleep(500);
    const lat: number[] = [];
    for (let i = 0; i < LATENCY_N; i++) {
      const key = `p${i}`;
      const t0 = performance.now();
      await enqueue(pinged, { key });
      while (!started.has(key)) await sleep(1);
      lat.push(started.get(key)! - t0);
      await sleep(20);
    }
    const l = percentiles(lat);
    console.log(`\n2. Enqueue → handler start, idle workers in this process (${LATENCY_N} jobs, one at a time)\n`);
    console.log(table(['what', 'n', 'p50', 'p99', 'max'], [['enqueue → handler start', l.n, ms(l.p50), ms(l.p99), ms(l.max)]]));

    // 3. Coalescing over seeded data.
    log(`seeding ${args.tenants} tenants / ${int(Number(args.transactions))} transactions for the KPI view…`);
    await seedSynthetic({ connectionString: url, tenants: Number(args.tenants), transactions: Number(args.transactions), log: () => {} });
    const { rows: tenants } = await ref.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
    await startJobWorkers({ jobs: [kpiRefreshJob] });
    const warm = await scheduleKpiRefresh(tenants[0]!.id);
    await waitCompleted(warm!);
    const { rows: refTimes } = await ref.query<{ elapsed_ms: number }>('SELECT elapsed_ms FROM kpi_view_refreshes ORDER BY id DESC LIMIT 1');
    const { rows: clock } = await ref.query<{ t0: Date }>('SELECT clock_timestamp() AS t0');
    let last: string | null = null;
    const burst = await timeCalls(BURST, 32, async (i) => {
      last = await scheduleKpiRefresh(tenants[i % tenants.length]!.id);
    });
    await waitCompleted(last!);
    const { rows: runs } = await boss.getDb().executeSql(
      `SELECT output FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND created_on >= $2`,
      [kpiRefreshJob.name, clock[0]!.t0],
    );
    const refreshes = runs.filter((r) => (r.output as { result?: { refreshedAt?: string } } | null)?.result?.refreshedAt).length;
    console.log(`\n3. Coalescing: ${int(BURST)} refresh requests from 32 callers over ${tenants.length} tenants\n`);
    console.log(
      table(
        ['what', 'value'],
        [
          ['one refresh (mv_tenant_kpis, CONCURRENTLY)', ms(refTimes[0]!.elapsed_ms)],
          ['burst duration', ms((BURST / burst.opsPerSecond) * 1000)],
          ['requests per s / p50 / p99', `${int(burst.opsPerSecond)} / ${ms(burst.p50)} / ${ms(burst.p99)}`],
          ['refreshes run', refreshes],
          ['requests per refresh', int(BURST / Math.max(1, refreshes))],
        ],
      ),
    );

    // 4. GET /api/jobs's query with many stored jobs.
    await stopBoss({ timeoutMs: 2000 });
    const b2 = await getBoss();
    const listTenants = Array.from({ length: 200 }, () => randomUUID());
    log(`storing ${int(LIST_N)} jobs for ${listTenants.length} tenants…`);
    for (let i = 0; i < LIST_N; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, LIST_N - i) }, (_, j) => ({ data: { tenantId: listTenants[(i + j) % listTenants.length], n: i + j } }));
      await b2.insert(plain.name, batch);
    }
    await ref.query(`ANALYZE ${JOBS_SCHEMA}.job_common`);
    const target = listTenants[7]!;
    const listRows: (string | number)[][] = [];
    const listOnce = () => listJobs({ tenantId: target, limit: 50 });
    await listOnce();
    const withIndex = await timeCalls(200, 1, listOnce);
    await ref.query(`DROP INDEX ${JOBS_SCHEMA}.${TENANT_INDEX}`);
    await listOnce();
    const without = await timeCalls(20, 1, listOnce);
    await ensureTenantIndex(b2.getDb());
    listRows.push(['listJobs(limit 50), tenant index', ms(withIndex.p50), ms(withIndex.p99)]);
    listRows.push(['listJobs(limit 50), no index (scan)', ms(without.p50), ms(without.p99)]);
    console.log(`\n4. GET /api/jobs query with ${int(LIST_N)} stored jobs (${int(LIST_N / listTenants.length)} per tenant)\n`);
    console.log(table(['what', 'p50', 'p99'], listRows));
  } finally {
    await stopBoss({ timeoutMs: 2000 }).catch(() => undefined);
    await ref.end();
    await scratch?.drop();
  }
}

async function waitCompleted(id: string): Promise<void> {
  const boss = await getBoss();
  for (;;) {
    const { rows } = await boss.getDb().executeSql(`SELECT state FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2`, [kpiRefreshJob.name, id]);
    if (rows[0]?.state === 'completed') return;
    if (rows[0]?.state === 'failed') throw new Error(`kpi.refresh ${id} failed`);
    await sleep(50);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
