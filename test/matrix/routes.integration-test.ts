// Route matrices generated from the route table: every route exists in the
// table (and vice versa), tenant isolation, and the role table.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasRole, ROLES, type Role } from '@/lib/api/roles';
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { firmIds, firmSnapshot } from '@/test/firm-snapshot';
import { ROUTE_SAMPLES } from '@/test/route-samples';
import { discoverRoutes, handlerFor, type DiscoveredRoute } from '@/test/routes';

const { db, pool } = testDb();
let routes: DiscoveredRoute[] = [];

beforeAll(async () => {
  routes = await discoverRoutes();
});
beforeEach(() => resetMemoryLimits());

function pathOf(route: DiscoveredRoute, params: Record<string, string> = {}) {
  return route.pattern.replace(/\[(\w+)\]/g, (_, k: string) => params[k] ?? k);
}

describe('route table', () => {
  it('lists exactly the routes that exist, each with a sample request', () => {
    const discovered = routes.map((r) => r.key).sort();
    expect(discovered).toEqual((Object.keys(ROUTE_TABLE) as RouteKey[]).sort());
    for (const key of discovered) expect(ROUTE_SAMPLES[key], key).toBeTypeOf('function');
  });
});

describe('tenant isolation: a user of firm A using firm B ids', () => {
  let a: FirmFixture;
  let b: FirmFixture;
  beforeAll(async () => {
    a = await createFirm(db, 'Firma A');
    b = await createFirm(db, 'Firma B');
  });

  it('gets 404/403 for B ids, never sees B data, and B is unchanged', async () => {
    const bIds = firmIds(b);
    const checked: string[] = [];
    for (const route of routes) {
      const spec = ROUTE_TABLE[route.key];
      if (!spec.tenantScoped) continue;
      resetMemoryLimits();
      const before = await firmSnapshot(pool, b.tenantId);
      const sample = ROUTE_SAMPLES[route.key](b);
      // Smuggling B's tenant id in the query or body must not help either.
      const res = await call(await handlerFor(route), {
        method: route.method,
        path: pathOf(route, sample.params),
        params: sample.params,
        query: { ...sample.query },
        body: route.method === 'GET' ? undefined : { ...sample.body },
        token: a.users.OWNER.token,
      });
      expect(res.status, `${route.key} → ${res.status}`).toBeLessThan(500);
      if (sample.params) expect([403, 404], `${route.key} with B id → ${res.status}`).toContain(res.status);
      const text = JSON.stringify(res.json ?? '');
      for (const id of bIds) expect(text.includes(id), `${route.key} leaked ${id}`).toBe(false);
      expect(await firmSnapshot(pool, b.tenantId), `${route.key} changed firm B`).toEqual(before);
      checked.push(route.key);
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it('ignores a tenant id smuggled in the body or query', async () => {
    const settingsRoute = routes.find((r) => r.key === 'POST /api/settings')!;
    const before = await firmSnapshot(pool, b.tenantId);
    const res = await call(await handlerFor(settingsRoute), {
      method: 'POST',
      path: '/api/settings',
      query: { tenantId: b.tenantId },
      body: { companyName: 'Invasor', tenantId: b.tenantId },
      token: a.users.OWNER.token,
    });
    expect(res.status).toBe(422);
    expect(await firmSnapshot(pool, b.tenantId)).toEqual(before);
  });
});

describe('role matrix', () => {
  it('each role gets 403 exactly on the routes above it', async () => {
    for (const route of routes) {
      const spec = ROUTE_TABLE[route.key];
      if (spec.access === 'public' || spec.access === 'authenticated') continue;
      const required = spec.access as Role;
      const firm = await createFirm(db, `Papéis ${route.key}`);
      for (const role of ROLES) {
        resetMemoryLimits();
        const sample = ROUTE_SAMPLES[route.key](firm);
        const res = await call(await handlerFor(route), {
          method: route.method,
          path: pathOf(route, sample.params),
          params: sample.params,
          query: sample.query,
          body: route.method === 'GET' ? undefined : sample.body,
          token: firm.users[role].token,
        });
        if (hasRole(role, required)) {
          expect([401, 403], `${route.key} as ${role} → ${res.status} ${JSON.stringify(res.json)}`).not.toContain(res.status);
          expect(res.status, `${route.key} as ${role}`).toBeLessThan(500);
        } else {
          expect(res.status, `${route.key} as ${role}`).toBe(403);
          expect(expectErrorContract(res.json).code).toBe('forbidden');
        }
      }
    }
  });

  it('unauthenticated callers get 401 on every non-public route', async () => {
    for (const route of routes) {
      if (ROUTE_TABLE[route.key].access === 'public') continue;
      const res = await call(await handlerFor(route), { method: route.method, path: pathOf(route, { id: crypto.randomUUID() }), params: { id: crypto.randomUUID() } });
      expect(res.status, route.key).toBe(401);
      expect(expectErrorContract(res.json).code).toBe('unauthenticated');
      expect(res.headers.get('x-request-id')).toBeTruthy();
    }
  });
});
