// The cross-site check on every state-changing route of the route table
// (issue 17, item 5): a browser request on another site's behalf is refused
// before anything happens; our own pages, API clients with a bearer token
// and server-to-server callers (no Origin, no cookie) pass. Rules:
// lib/api/same-origin.ts.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '@/lib/api/route-table';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, withEnv, type CallResult } from '@/test/api';
import { testDb } from '@/test/db';
import { firmSnapshot } from '@/test/firm-snapshot';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { ROUTE_SAMPLES } from '@/test/route-samples';
import { createTestSession } from '@/test/sessions';
import { discoverRoutes, handlerFor, type DiscoveredRoute } from '@/test/routes';

const { db, pool } = testDb();
let routes: DiscoveredRoute[];
let firm: FirmFixture;

beforeAll(async () => {
  routes = (await discoverRoutes()).filter((r) => r.method !== 'GET');
  firm = await createFirm(db, 'Firma Origem');
});
beforeEach(() => resetMemoryLimits());

const isRefused = (r: CallResult) =>
  r.status === 403 && (r.json as { error?: { details?: { reason?: string } } })?.error?.details?.reason === 'cross_origin';

async function send(route: DiscoveredRoute, auth: { cookie?: string; token?: string }, headers: Record<string, string>) {
  resetMemoryLimits();
  const sample = ROUTE_SAMPLES[route.key](firm);
  return call(await handlerFor(route), {
    method: route.method,
    path: route.pattern.replace('[id]', sample.params?.id ?? 'x'),
    params: sample.params,
    body: sample.body,
    headers: { host: 'localhost:3000', ...headers },
    ...auth,
  });
}

describe('state-changing requests from another site', () => {
  it('are refused on every non-GET route, and change nothing', async () => {
    expect(routes.length).toBeGreaterThan(15);
    const cookie = `concilia_session=${firm.users.OWNER.token}`;
    const before = await firmSnapshot(pool, firm.tenantId);
    for (const route of routes) {
      const attacks: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'http://localhost:3000.evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' },
        {}, // a cookie without either header: not a browser we can trust
      ];
      for (const headers of attacks) {
        const res = await send(route, { cookie }, headers);
        expect(isRefused(res), `${route.key} ${JSON.stringify(headers)} → ${res.status} ${JSON.stringify(res.json).slice(0, 120)}`).toBe(true);
      }
      // A bearer client naming another origin is refused too (a browser said so).
      expect(isRefused(await send(route, { token: firm.users.OWNER.token }, { origin: 'https://evil.example' })), route.key).toBe(true);
    }
    expect(await firmSnapshot(pool, firm.tenantId)).toEqual(before);
  }, 120_000);

  it('pass from our own pages, from API clients with a bearer token and from servers without Origin', async () => {
    // A session of its own for each request: sign-out is among the routes.
    const session = () => createTestSession(db, firm.users.VIEWER.userId);
    for (const route of routes) {
      const callers: [kind: 'cookie' | 'bearer' | 'none', headers: Record<string, string>][] = [
        ['cookie', { origin: 'http://localhost:3000' }],
        ['cookie', { 'sec-fetch-site': 'same-origin' }],
        ['cookie', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' }],
        ['cookie', { 'sec-fetch-site': 'none' }],
        ['bearer', {}],
        ['none', {}], // webhooks and scripts: no Origin, no cookie
        ['none', { origin: 'http://localhost:3000' }],
      ];
      for (const [kind, headers] of callers) {
        const auth = kind === 'cookie' ? { cookie: `concilia_session=${await session()}` } : kind === 'bearer' ? { token: await session() } : {};
        const res = await send(route, auth, headers);
        expect(isRefused(res), `${route.key} ${kind} ${JSON.stringify(headers)} → refused`).toBe(false);
        expect(res.status, route.key).toBeLessThan(500);
      }
      if (ROUTE_TABLE[route.key].access !== 'public') {
        expect((await send(route, {}, {})).status, `${route.key} without credentials`).toBe(401);
      }
    }
  }, 120_000);

  it('APP_URL’s origin passes whatever Host the request arrived with; GET is never refused', async () => {
    const route = routes.find((r) => r.key === 'POST /api/notifications/read-all')!;
    const cookie = `concilia_session=${await createTestSession(db, firm.users.VIEWER.userId)}`;
    await withEnv({ APP_URL: 'https://concilia.example.com' }, async () => {
      expect(isRefused(await send(route, { cookie }, { origin: 'https://concilia.example.com', host: 'internal:3000' }))).toBe(false);
      expect(isRefused(await send(route, { cookie }, { origin: 'https://evil.example', host: 'internal:3000' }))).toBe(true);
    });
    const get = (await discoverRoutes()).find((r) => r.key === 'GET /api/settings')!;
    const res = await call(await handlerFor(get), { path: '/api/settings', cookie, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(200);
  });
});
