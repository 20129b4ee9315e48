// Nothing a client sends can stand for an authenticated identity (issue 17,
// item 1). Over every route pattern of the route table, with ids shaped like
// static files (x.js, x.png, %2ejs…) and HEAD for GET routes, a request that
// carries a forged x-concilia-rate-limit marker gets exactly the answer the
// same request gets without it:
// - through Next's matcher and proxy.ts, as the server runs them, and
// - straight to the route wrapper, as if the proxy had not run at all, so
//   the wrapper's own verification is what holds.
// Forgeries: the marker's old JSON format naming the victim, and a genuine
// marker proxy.ts made for the victim's own request, replayed on another.
// The same sweep runs against the real server in test/e2e.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_MARKER } from '@/lib/api/rate-limit-marker';
import { ROUTE_TABLE } from '@/lib/api/route-table';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, type CallResult } from '@/test/api';
import { testDb } from '@/test/db';
import { firmSnapshot } from '@/test/firm-snapshot';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { ROUTE_SAMPLES } from '@/test/route-samples';
import { discoverRoutes, handlerFor, type DiscoveredRoute, type RouteHandler } from '@/test/routes';
import { proxyMatches, throughProxy } from '@/test/security/next-pipeline';

const { db, pool } = testDb();
let routes: DiscoveredRoute[];
let a: FirmFixture; // the attacker is A's VIEWER
let b: FirmFixture; // the victim is B's OWNER

beforeAll(async () => {
  routes = await discoverRoutes();
  a = await createFirm(db, 'Firma Atacante');
  b = await createFirm(db, 'Firma Vítima');
});

/** Path variants of a route: the pattern's [id] as sample id and as file-like names, raw and %-encoded. */
function variants(route: DiscoveredRoute, sampleId: string | undefined): { path: string; id?: string }[] {
  if (!route.pattern.includes('[id]')) return [{ path: route.pattern }];
  const at = (raw: string) => route.pattern.replace('[id]', raw);
  const ids = [sampleId ?? randomUUID(), 'x.js', 'x.png', 'x.css', 'x.svg', `${randomUUID()}.js`, `${sampleId ?? randomUUID()}.json`];
  return [...ids.map((id) => ({ path: at(id), id })), { path: at('x%2ejs'), id: 'x.js' }, { path: at('x%2Epng'), id: 'x.png' }];
}

function legacyForgery(): string {
  // The exact shape proxy.ts used to send, naming the victim; identifier
  // mismatched on purpose so an accepting wrapper would also spend the
  // victim's budget.
  return JSON.stringify({
    policy: 'default',
    identifier: 'forged',
    headers: { 'X-Injected': 'yes', 'X-RateLimit-Remaining': '999' },
    identity: { userId: b.users.OWNER.userId, mode: 'builtin', email: b.users.OWNER.email, name: null, sessionId: null },
  });
}

/** A genuine marker: what proxy.ts hands the wrapper for the victim's own GET /api/me. */
async function genuineVictimMarker(): Promise<string> {
  resetMemoryLimits();
  const headers = new Headers({ authorization: `Bearer ${b.users.OWNER.token}`, host: 'localhost:3000' });
  const out = await throughProxy(new Request('http://localhost:3000/api/me', { headers }));
  const marker = 'forwarded' in out ? out.forwarded.headers.get(RATE_LIMIT_MARKER) : null;
  expect(marker, 'proxy.ts makes a marker for an authenticated request').toBeTruthy();
  return marker!;
}

interface Case {
  route: DiscoveredRoute;
  method: string;
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  token?: string;
}

function cases(route: DiscoveredRoute): Case[] {
  const out: Case[] = [];
  const sample = ROUTE_SAMPLES[route.key](b);
  const spec = ROUTE_TABLE[route.key];
  const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
  for (const v of variants(route, sample.params?.id)) {
    for (const method of methods) {
      for (const token of spec.access === 'public' ? [undefined] : [undefined, a.users.VIEWER.token]) {
        out.push({ route, method, path: v.path, params: v.id ? { id: v.id } : undefined, query: sample.query, token });
      }
    }
  }
  return out;
}

/** One request, straight to the handler or through matcher + proxy.ts first. */
async function send(handler: RouteHandler, c: Case, marker: string | null, viaProxy: boolean): Promise<CallResult> {
  resetMemoryLimits();
  // A fresh sample each time (sign-up needs a new e-mail, a new firm a new name).
  const body = ROUTE_SAMPLES[c.route.key](b).body;
  const headers: Record<string, string> = { host: 'localhost:3000' };
  if (marker) headers[RATE_LIMIT_MARKER] = marker;
  const base = { method: c.method, path: c.path, params: c.params, query: c.query, token: c.token, headers };
  const withBody = c.method === 'GET' || c.method === 'HEAD' ? base : { ...base, body };
  if (!viaProxy) return call(handler, withBody);
  return call(async (request, context) => {
    const text = request.body ? await request.text() : undefined;
    const out = await throughProxy(request, text);
    return 'answered' in out ? out.answered : handler(out.forwarded, context);
  }, withBody);
}

function same(c: Case, how: string, plain: CallResult, forged: CallResult): void {
  const where = `${how} ${c.method} ${c.path}${c.token ? ' (signed in as A)' : ''}`;
  expect(forged.status, `${where}: ${forged.status} vs ${plain.status} ${JSON.stringify(forged.json).slice(0, 160)}`).toBe(plain.status);
  const code = (r: CallResult) => (r.json as { error?: { code?: string } } | null)?.error?.code ?? null;
  expect(code(forged), where).toBe(code(plain));
  expect(forged.headers.get('x-injected'), where).toBeNull();
  expect(forged.headers.get('x-ratelimit-remaining'), where).not.toBe('999');
}

describe('a forged rate-limit marker', () => {
  it('proxy.ts runs for every /api path, whatever it ends with', async () => {
    for (const route of routes) {
      for (const v of variants(route, ROUTE_SAMPLES[route.key](b).params?.id)) {
        expect(await proxyMatches(v.path), v.path).toBe(true);
      }
    }
    // (/api/%2e%2e/x.png is not among them: URL parsing makes it /x.png, no API route.)
    for (const p of ['/api', '/api/', '/api/x.js', '/api/a/b/c.css', '/api/members/x.woff2', '/api/members/%78.js']) {
      expect(await proxyMatches(p), p).toBe(true);
    }
  });

  it('never changes the answer, on any route pattern, through the proxy or straight to the wrapper', async () => {
    const before = await firmSnapshot(pool, b.tenantId);
    const genuine = await genuineVictimMarker();
    let compared = 0;
    for (const route of routes) {
      const handler = await handlerFor(route);
      for (const c of cases(route)) {
        for (const viaProxy of [true, false]) {
          const plain = await send(handler, c, null, viaProxy);
          for (const forgery of [legacyForgery(), genuine]) {
            same(c, viaProxy ? 'via proxy' : 'wrapper only', plain, await send(handler, c, forgery, viaProxy));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    // The victim's firm is untouched (a trusted forgery would have acted as its owner).
    expect(await firmSnapshot(pool, b.tenantId)).toEqual(before);
  }, 240_000);

  it('does not spend the victim’s budget or read their firm', async () => {
    resetMemoryLimits();
    const me = await handlerFor(routes.find((r) => r.key === 'GET /api/me')!);
    const settings = await handlerFor(routes.find((r) => r.key === 'GET /api/settings')!);
    for (let i = 0; i < 5; i++) {
      const res = await call(settings, { path: '/api/settings', headers: { [RATE_LIMIT_MARKER]: legacyForgery() } });
      expect(res.status).toBe(401);
    }
    // Without resetting: the victim's first request of the minute still has the whole budget.
    const victim = await call(me, { path: '/api/me', token: b.users.OWNER.token });
    expect(victim.status).toBe(200);
    expect(victim.headers.get('x-ratelimit-remaining')).toBe('59');
  });
});
