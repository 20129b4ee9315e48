// GET /api/metrics: hidden without a token, refuses a wrong one, and exposes
// what the wrapper, cache, rate limiter and job queue counted — with no
// tenant id or personal data in any label.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as metricsGet } from '@/app/api/metrics/route';
import { GET as healthGet } from '@/app/api/health/route';
import { GET as kpisGet } from '@/app/api/kpis/route';
import { GET as settingsGet } from '@/app/api/settings/route';
import { enqueue } from '@/lib/jobs/enqueue';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, withEnv } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { testJob } from '@/test/jobs';
import { z } from 'zod';

const { db } = testDb();
const TOKEN = randomBytes(24).toString('hex');
let firm: FirmFixture;

beforeAll(async () => {
  firm = await createFirm(db, 'Firma Métricas');
});

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  withEnv({ METRICS_TOKEN: TOKEN }, () => call<string>(metricsGet, { path: '/api/metrics', headers }));

/** The value of one series, or null when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('GET /api/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const res = await withEnv({ METRICS_TOKEN: undefined }, () => call(metricsGet, { path: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a missing, wrong or truncated token with 401 and the error contract', async () => {
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer errado-errado-errado' }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, { authorization: TOKEN }];
    for (const headers of cases) {
      const res = await scrape(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json).toMatchObject({ error: { code: 'unauthenticated' } });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('counts requests by route key and status, cache lookups by resource, and the queue by job type', async () => {
    resetMemoryLimits();
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const healths = sample(before.json, 'concilia_http_requests_total', { route: 'GET /api/health', status: '200' }) ?? 0;
    const settings = sample(before.json, 'concilia_cache_results_total', { resource: 'settings' }) ?? 0;

    for (let i = 0; i < 3; i++) expect((await call(healthGet, { path: '/api/health' })).status).toBe(200);
    expect((await call(kpisGet, { path: '/api/kpis', token: firm.users.OWNER.token })).status).toBe(200);
    expect((await call(settingsGet, { path: '/api/settings', token: firm.users.OWNER.token })).status).toBe(200);
    expect((await call(settingsGet, { path: '/api/settings' })).status).toBe(401);
    const job = testJob('metrics', { schema: z.strictObject({}), handler: async () => undefined });
    await enqueue(job, {});

    const after = (await scrape()).json;
    expect(sample(after, 'concilia_http_requests_total', { route: 'GET /api/health', status: '200' })).toBe(healths + 3);
    expect(sample(after, 'concilia_http_requests_total', { route: 'GET /api/settings', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'concilia_http_request_duration_seconds_count', { route: 'GET /api/kpis' })).toBeGreaterThanOrEqual(1);
    // Each lookup is counted under one status (BYPASS without Redis, HIT/MISS with it).
    const settingsAfter = ['HIT', 'MISS', 'BYPASS'].reduce((n, status) => n + (sample(after, 'concilia_cache_results_total', { resource: 'settings', status }) ?? 0), 0);
    expect(settingsAfter).toBeGreaterThanOrEqual(settings + 1);
    // Test job types share one label: names with random suffixes would grow without bound.
    expect(sample(after, 'concilia_jobs', { type: 'test', state: 'created' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(job.name);
    expect(after).toMatch(/^concilia_sse_connections_open \d+$/m);
    expect(after).toMatch(/^concilia_process_resident_memory_bytes \d+/m);
    // Nothing that identifies a firm or a person in any label.
    expect(after).not.toContain(firm.tenantId);
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(after).not.toContain('@');
  });

  it('counts rate-limit denials by policy', async () => {
    resetMemoryLimits();
    const read = async () => sample((await scrape()).json, 'concilia_rate_limit_denied_total', { policy: 'public', reason: 'limit' }) ?? 0;
    const before = await read();
    const ip = `10.99.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    let denied = 0;
    for (let i = 0; i < 400 && denied === 0; i++) {
      if ((await call(healthGet, { path: '/api/health', ip })).status === 429) denied++;
    }
    expect(denied).toBe(1);
    expect(await read()).toBe(before + 1);
  });
});
