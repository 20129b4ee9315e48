import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { createScratchDatabase } from '@/lib/db/test-database';
import { getListener } from '@/lib/db/listener';
import { checkHealth, publicHealth, type HealthReport } from '@/lib/health';
import { createPrismaClient } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm } from '@/test/fixtures';
import { noRedis, startTestRedis, useNoRedis } from '@/test/redis';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('GET /api/health', () => {
  it('200 with database, migrations and version for an internal caller; Redis absent is fine', async () => {
    useNoRedis();
    const res = await call(GET, { path: '/api/health', ip: '127.0.0.1' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      checks: { database: { ok: true }, migrations: { ok: true, pending: [], failed: [] }, redis: { state: 'absent' } },
      failing: [],
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('tells an outside caller only which part is failing; a signed-in one gets the details', async () => {
    useNoRedis();
    const { db } = testDb();
    const firm = await createFirm(db, 'Firma Saúde');
    const outside = await call(GET, { path: '/api/health', ip: '203.0.113.50' });
    expect(outside.status).toBe(200);
    expect(outside.json).toEqual({
      status: 'ok',
      time: expect.any(String),
      checks: { database: { ok: true }, migrations: { ok: true }, redis: { state: 'absent' }, notifications: { listening: expect.any(Boolean) } },
      failing: [],
    });
    const signedIn = await call(GET, { path: '/api/health', ip: '203.0.113.50', token: firm.users.VIEWER.token });
    expect(signedIn.json.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(signedIn.json.checks.migrations.applied).toBeGreaterThan(0);
  });

  it('keeps error texts and migration names out of the public answer when something fails', () => {
    const report: HealthReport = {
      status: 'down',
      version: '1.2.3',
      time: new Date().toISOString(),
      checks: {
        database: { ok: true, latencyMs: 1 },
        migrations: { ok: false, applied: 3, pending: ['20990101000000_secret_feature'], failed: [], error: 'relation "x" at db.internal:5432' },
        redis: { state: 'unreachable' },
      },
      failing: ['migrations'],
    };
    const shown = JSON.stringify(publicHealth(report));
    expect(publicHealth(report)).toMatchObject({ status: 'down', failing: ['migrations'], checks: { migrations: { ok: false } } });
    for (const secret of ['secret_feature', 'db.internal', '1.2.3', 'latencyMs', 'applied']) expect(shown).not.toContain(secret);
  });

  it('reports whether this instance LISTENs for notifications, without changing the status', async () => {
    useNoRedis();
    const listener = getListener()!;
    for (let i = 0; i < 100 && !listener.connected; i++) await new Promise((r) => setTimeout(r, 20));
    let res = await call(GET, { path: '/api/health' });
    expect(res.json.checks.notifications).toEqual({ listening: true });
    await listener.stop();
    try {
      res = await call(GET, { path: '/api/health' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'ok', checks: { notifications: { listening: false } } });
    } finally {
      await listener.start();
    }
  });

  it('reports how many job types this instance works: none before its workers start, all of them after, none once stopped', async () => {
    useNoRedis();
    const { startJobWorkers, stopJobWorkers } = await import('@/lib/jobs/workers');
    const { testJob } = await import('@/test/jobs');
    const { z } = await import('zod');
    expect((await call(GET, { path: '/api/health', ip: '127.0.0.1' })).json.checks.jobs).toEqual({ workers: 0 });
    const jobs = [testJob('health-a', { schema: z.strictObject({}), handler: async () => undefined }), testJob('health-b', { schema: z.strictObject({}), handler: async () => undefined })];
    await startJobWorkers({ jobs });
    try {
      const res = await call(GET, { path: '/api/health', ip: '127.0.0.1' });
      expect(res.status).toBe(200);
      expect(res.json.checks.jobs).toEqual({ workers: 2 });
    } finally {
      await stopJobWorkers({ timeoutMs: 1000 });
    }
    expect((await call(GET, { path: '/api/health', ip: '127.0.0.1' })).json.checks.jobs).toEqual({ workers: 0 });
  });

  it.skipIf(noRedis)('reports Redis reachable, then unreachable (degraded but still 200)', async () => {
    const redis = await startTestRedis();
    cleanups.push(redis.stop);
    let res = await call(GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.json.checks.redis.state).toBe('reachable');
    redis.hang();
    res = await call(GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('degraded');
    expect(res.json.checks.redis.state).toBe('unreachable');
    redis.heal();
    useNoRedis();
  });
});

describe('checkHealth failure states', () => {
  it('503-worthy when the database does not answer, naming it', async () => {
    const { db, pool } = createPrismaClient('postgresql://postgres@127.0.0.1:1/none', 1);
    cleanups.push(() => pool.end());
    const report = await checkHealth({ db: () => db, redis: redisHealth });
    expect(report.status).toBe('down');
    expect(report.failing).toEqual(['database', 'migrations']);
    expect(report.checks.database.ok).toBe(false);
    expect(report.checks.database.error).toBeTruthy();
  });

  it('down when a migration is pending, listing it', async () => {
    const scratch = await createScratchDatabase(inject('adminDatabaseUrl'), { prefix: 'concilia_health' });
    cleanups.push(scratch.drop);
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    await c.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '20261129000000_kpi_view_refreshes'`);
    await c.end();
    const { db, pool } = createPrismaClient(scratch.url, 1);
    cleanups.push(() => pool.end());
    const report = await checkHealth({ db: () => db, redis: redisHealth });
    expect(report.status).toBe('down');
    expect(report.failing).toEqual(['migrations']);
    expect(report.checks.migrations.pending).toEqual(['20261129000000_kpi_view_refreshes']);
  });

  it('ok against the run database', async () => {
    const report = await checkHealth({ db: () => testDb().db, redis: redisHealth });
    expect(report.failing).toEqual([]);
  });
});
