// The coalesced kpi.refresh job end to end: a burst of 1,000 refresh
// requests while transactions are being written costs a handful of
// refreshes; afterwards the view equals a live aggregate, the tenants'
// cached KPIs are invalidated (GET /api/kpis answers MISS with the new
// figures) and each tenant's dashboard is told (kpis_updated).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getKpis } from '@/app/api/kpis/route';
import { getBoss, JOBS_SCHEMA } from '@/lib/jobs/boss';
import { startJobWorkers, stopJobWorkers } from '@/lib/jobs/workers';
import { KPI_REFRESH_LOCK_KEY, refreshKpiView } from '@/lib/kpi-view/refresh';
import { kpiRefreshJob, scheduleKpiRefresh } from '@/lib/kpi-view/refresh-job';
import { recordKpiRefreshRequests } from '@/lib/kpi-view/requests';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { jobRows, waitFor, waitForState } from '@/test/jobs';
import { noRedis, startTestRedis, type TestRedis } from '@/test/redis';

// Hundreds of invalidations land at once; not worth a slow-call line each.
process.env.REDIS_SLOW_MS = '5000';
const { db, pool } = testDb();

// Without a Redis for the run (outside CI) everything but the cache checks runs.
let redis: TestRedis | undefined;
let firms: FirmFixture[];

beforeAll(async () => {
  if (!noRedis) redis = await startTestRedis();
  firms = await Promise.all([0, 1, 2].map((i) => createFirm(db, `Firma KPI ${i}`)));
  await startJobWorkers({ jobs: [kpiRefreshJob], pollingIntervalSeconds: 0.5 });
  // The view starts out covering the fixtures.
  const first = await scheduleKpiRefresh(firms.map((f) => f.tenantId));
  await waitForState(kpiRefreshJob.name, first!, ['completed'], 30_000);
});

afterAll(async () => {
  await redis?.stop();
});

const kpisOf = (f: FirmFixture) => {
  resetMemoryLimits();
  return call<{ asOf: string | null; kpis: { month: string; type: string; txCount: number; totalAmount: string }[] }>(getKpis, {
    path: '/api/kpis',
    query: { month: '2026-10' },
    token: f.users.VIEWER.token,
  });
};

async function viewRows(tenantIds: string[]) {
  const cols = `tenant_id::text AS t, to_char(m, 'YYYY-MM') AS month, type::text AS type, n, total::text AS total, an, at::text AS at`;
  const view = await pool.query(
    `SELECT ${cols} FROM (SELECT tenant_id, month AS m, type, tx_count AS n, total_amount AS total, active_tx_count AS an,
            active_total_amount AS at FROM mv_tenant_kpis WHERE tenant_id = ANY($1::uuid[])) v ORDER BY 1, 2, 3`,
    [tenantIds],
  );
  const live = await pool.query(
    `SELECT ${cols} FROM (SELECT tenant_id, date_trunc('month', date) AS m, type, count(*)::int AS n, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS total,
            count(*) FILTER (WHERE NOT ignored)::int AS an, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) FILTER (WHERE NOT ignored) AS at
       FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1, 2, 3) d ORDER BY 1, 2, 3`,
    [tenantIds],
  );
  return { view: view.rows, live: live.rows };
}

describe('kpi.refresh', () => {
  it('a burst of 1,000 requests during writes costs a few refreshes, and the view ends equal to a live aggregate', async () => {
    const tenantIds = firms.map((f) => f.tenantId);
    // Cached before the burst.
    expect((await kpisOf(firms[0]!)).headers.get('x-cache')).toBe(noRedis ? 'BYPASS' : 'MISS');
    const before = await kpisOf(firms[0]!);
    expect(before.headers.get('x-cache')).toBe(noRedis ? 'BYPASS' : 'HIT');
    // Hints go through the realtime outbox (lib/events): read what was written after this point.
    const { rows: mark } = await pool.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM realtime_events');

    const boss = await getBoss();
    const { rows: clock } = await pool.query<{ t0: Date }>('SELECT clock_timestamp() AS t0');
    const t0 = clock[0]!.t0;
    const ids = new Set<string>();
    let next = 0;
    let last: string | null = null;
    const started = performance.now();
    // 32 writers: every fifth request follows a new bank transaction.
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < 1000; i = next++) {
          const firm = firms[i % 3]!;
          if (i % 5 === 0) {
            await db.pluggyTransaction.create({
              data: {
                tenantId: firm.tenantId,
                pluggyAccountDbId: firm.accountId,
                pluggyTransactionId: randomUUID(),
                date: new Date(Date.UTC(2026, 9, 1 + (i % 28))),
                description: 'PIX RECEBIDO - RAJADA',
                type: 'CREDIT',
                amount: `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`,
              },
            });
          }
          const id = await scheduleKpiRefresh(firm.tenantId);
          expect(id).not.toBeNull();
          ids.add(id!);
          last = id;
        }
      }),
    );
    const burstMs = performance.now() - started;
    // The job answering the last request ran after it was recorded.
    await waitForState(kpiRefreshJob.name, last!, ['completed'], 30_000);
    const { rows: runs } = await boss.getDb().executeSql(
      `SELECT id, state::text, output FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND created_on >= $2 ORDER BY created_on`,
      [kpiRefreshJob.name, t0],
    );
    const refreshes = runs.filter((r) => (r.output as { result?: { refreshedAt?: string } })?.result?.refreshedAt);
    console.log(`[kpi burst] 1000 requests in ${Math.round(burstMs)} ms → ${ids.size} job ids, ${refreshes.length} refreshes`);
    // At most one running and one queued, each queued run waiting 1 s for
    // the rest of the burst: about one refresh per second of burst.
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(burstMs / 1000) + 3);
    expect(ids.size).toBeLessThanOrEqual(Math.ceil(burstMs / 1000) + 3);
    expect(runs.every((r) => r.state === 'completed')).toBe(true);

    const { view, live } = await viewRows(tenantIds);
    expect(view.length).toBeGreaterThan(3);
    expect(view).toEqual(live);
    const { rows: pending } = await pool.query('SELECT 1 FROM kpi_refresh_requests WHERE tenant_id = ANY($1::uuid[])', [tenantIds]);
    expect(pending).toEqual([]);

    // The cached month was dropped: the next read recomputes it from the refreshed view.
    const after = await kpisOf(firms[0]!);
    expect(after.headers.get('x-cache')).toBe(noRedis ? 'BYPASS' : 'MISS');
    const credits = (r: typeof after) => r.json.kpis.find((k) => k.type === 'CREDIT')!;
    expect(credits(after).txCount).toBeGreaterThan(credits(before).txCount);
    expect(Date.parse(after.json.asOf!)).toBeGreaterThan(Date.parse(before.json.asOf!));
    // Every tenant's dashboard was told, after the refresh.
    const { rows: told } = await pool.query<{ tenant_id: string }>(
      `SELECT DISTINCT tenant_id::text FROM realtime_events WHERE type = 'kpis_updated' AND id > $1::bigint`,
      [mark[0]!.id],
    );
    for (const t of tenantIds) expect(told.map((r) => r.tenant_id), t).toContain(t);
  }, 120_000);

  it('claims requests in the refresh transaction; with none and a fresh view, does nothing', async () => {
    // A temp table shadows the shared one on this single connection, so other
    // files' requests cannot interfere.
    const single = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      await single.query('CREATE TEMP TABLE kpi_refresh_requests (LIKE public.kpi_refresh_requests INCLUDING DEFAULTS)');
      const options = { wait: true, claimRequests: true, skipIfFresherThanMs: 10 * 60_000 } as const;
      expect(await refreshKpiView(single, options)).toEqual({ skipped: true, reason: 'fresh' });
      const t = randomUUID();
      await recordKpiRefreshRequests(db, []);
      await single.query('INSERT INTO kpi_refresh_requests (tenant_id) VALUES ($1), ($1)', [t]);
      expect(await refreshKpiView(single, options)).toMatchObject({ skipped: false, tenantIds: [t] });
      expect((await single.query('SELECT count(*)::int AS n FROM kpi_refresh_requests')).rows[0].n).toBe(0);
      // A refresh that fails leaves its requests pending.
      await single.query('INSERT INTO kpi_refresh_requests (tenant_id) VALUES ($1)', [t]);
      await expect(refreshKpiView(single, { ...options, logTable: 'no_such_table' })).rejects.toThrow();
      expect((await single.query('SELECT count(*)::int AS n FROM kpi_refresh_requests')).rows[0].n).toBe(1);
      // Stale enough: refreshes even with nothing requested.
      await single.query('DELETE FROM kpi_refresh_requests');
      expect(await refreshKpiView(single, { ...options, skipIfFresherThanMs: 0 })).toMatchObject({ skipped: false, tenantIds: [] });
    } finally {
      await single.end();
    }
  });
});

// Last in this file: the only other kpi.refresh worker (this process's) is
// stopped first, so the job below can only run in the spawned one.
async function spawnJobsProcess(script: string) {
  const child = spawn(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), script], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'info', JOBS_STOP_TIMEOUT_MS: '10000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { text: '' };
  child.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await waitFor('the workers to start', () => out.text.includes('job workers started'), 30_000).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${out.text}`);
  });
  return { child, out, exited };
}

/** Holds the view's lock so a refresh started in `proc` keeps running; SIGTERM; releases it after a while. */
async function stopDuringRefresh(proc: Awaited<ReturnType<typeof spawnJobsProcess>>) {
  const lock = await pool.connect();
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT pg_advisory_xact_lock($1::bigint)', [String(KPI_REFRESH_LOCK_KEY)]);
    expect(await scheduleKpiRefresh(firms[1]!.tenantId)).not.toBeNull();
    // The running refresh may be the one just asked for, or one the spawned
    // process's minute schedule started first (then ours waits queued behind
    // it, blocked on the same lock): either holds the exit.
    const running = await waitFor('a kpi.refresh job to run', async () => (await jobRows(kpiRefreshJob.name)).find((r) => r.state === 'active'), 15_000);
    const id = running.id;
    proc.child.kill('SIGTERM');
    await waitFor('the workers to begin stopping', () => proc.out.text.includes('stopping job workers'));
    await new Promise((r) => setTimeout(r, 700));
    // Still there: the running refresh holds the exit.
    expect(proc.child.exitCode).toBeNull();
    await lock.query('COMMIT');
    const code = await proc.exited;
    expect(proc.out.text).toMatch(/job workers stopped/);
    expect(await waitForState(kpiRefreshJob.name, id, ['completed'])).toMatchObject({ attempts: 1 });
    return code;
  } finally {
    await lock.query('ROLLBACK').catch(() => undefined);
    lock.release();
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  }
}

// Last in this file: the only other kpi.refresh worker (this process's) is
// stopped first, so the jobs below can only run in the spawned processes.
describe('stopping a process that runs the workers', () => {
  it('npm run worker: on SIGTERM the running job finishes, then it exits 0', async () => {
    await stopJobWorkers({ timeoutMs: 1000 });
    expect(await stopDuringRefresh(await spawnJobsProcess('scripts/worker.ts'))).toBe(0);
  }, 60_000);

  it('inside a server that exits on SIGTERM by itself (as next start does), the exit waits for the running job', async () => {
    const proc = await spawnJobsProcess('test/web-host.ts');
    expect(proc.out.text).toMatch(/"mode":"web"/);
    expect(await stopDuringRefresh(proc)).toBe(143);
    expect(proc.out.text.indexOf('host: exiting')).toBeLessThan(proc.out.text.indexOf('job workers stopped'));
  }, 60_000);
});
