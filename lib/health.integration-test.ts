import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { createScratchDatabase } from '@/lib/db/test-database';
import { getListener } from '@/lib/db/listener';
import { checkHealth } from '@/lib/health';
import { createPrismaClient } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { noRedis, startTestRedis, useNoRedis } from '@/test/redis';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('GET /api/health', () => {
  it('200 with database, migrations and version; Redis absent is fine', async () => {
    useNoRedis();
    const res = await call(GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      checks: { database: { ok: true }, migrations: { ok: true, pending: [], failed: [] }, redis: { state: 'absent' } },
      failing: [],
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
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
