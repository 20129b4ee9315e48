// Bad input on every route: malformed JSON, wrong types, oversized values,
// unknown fields, hostile ids and pagination. A few thousand generated
// requests; each must answer 2xx or 4xx with the error contract, never 5xx.
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '@/lib/api/route-table';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { createRng, pick, randInt } from '@/lib/synthetic/rng';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { ROUTE_SAMPLES } from '@/test/route-samples';
import { discoverRoutes, handlerFor, type DiscoveredRoute } from '@/test/routes';

const { db } = testDb();

const MALFORMED = ['{', '{"a":', '[', '{"a":1}}', "{'a':1}", '{"a":undefined}', 'nul', '{"a":1,}', '\u0000', '{"a":"\\ud800"', 'x'.repeat(70_000)];

function weirdValues(rng: () => number): unknown[] {
  return [
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    'x'.repeat(randInt(rng, 200, 5000)),
    '',
    ' ',
    '\u0000',
    '<script>alert(1)</script>',
    "'; DROP TABLE tenants; --",
    [],
    [1, 2, 3],
    {},
    { nested: { deep: [null] } },
    '2026-02-30',
    '../../etc/passwd',
    '🙂'.repeat(50),
    'NaN',
    '-0',
  ];
}

function queryMutations(rng: () => number): Record<string, string>[] {
  const keys = ['limit', 'offset', 'cursor', 'from', 'to', 'month', 'status', 'type', 'unread', 'accountId', 'q', 'entityType', 'ignored'];
  const values = ['-1', '0', '1e12', '999999999999999999999', 'abc', '', ' ', '1.5', 'null', '[]', '2026-13-01', '2026-02-30', 'x'.repeat(5000), '%00', 'CREDITO', 'true', '!!'];
  const out: Record<string, string>[] = [];
  for (let i = 0; i < 40; i++) {
    const q: Record<string, string> = {};
    for (let k = randInt(rng, 1, 3); k > 0; k--) q[pick(rng, keys)] = pick(rng, values);
    out.push(q);
  }
  return out;
}

interface Input {
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

function inputsFor(route: DiscoveredRoute, firm: FirmFixture, rng: () => number): Input[] {
  const sample = ROUTE_SAMPLES[route.key](firm);
  const inputs: Input[] = [];
  const hasBody = route.method !== 'GET';
  if (hasBody) {
    for (const raw of MALFORMED) inputs.push({ label: 'malformed', params: sample.params, rawBody: raw });
    inputs.push({ label: 'wrong content-type', params: sample.params, rawBody: '{"a":1}', contentType: 'text/plain' });
    for (const top of [null, 1, 'x', [], true]) inputs.push({ label: 'non-object', params: sample.params, body: top });
    inputs.push({ label: 'unknown field', params: sample.params, body: { ...sample.body, unexpected: 1 } });
    inputs.push({ label: 'tenantId smuggled', params: sample.params, body: { ...sample.body, tenantId: crypto.randomUUID() } });
    const fields = Object.keys(sample.body ?? {});
    for (const field of fields) {
      for (const v of weirdValues(rng)) inputs.push({ label: `body.${field}`, params: sample.params, body: { ...sample.body, [field]: v } });
    }
    // Random combinations of fields the route does not know.
    for (let i = 0; i < 20; i++) {
      const body: Record<string, unknown> = {};
      for (let k = randInt(rng, 1, 4); k > 0; k--) body[`f${randInt(rng, 0, 9)}`] = pick(rng, weirdValues(rng));
      inputs.push({ label: 'random body', params: sample.params, body });
    }
  }
  for (const q of queryMutations(rng)) inputs.push({ label: `query ${JSON.stringify(q).slice(0, 60)}`, params: sample.params, query: q, body: hasBody ? sample.body : undefined });
  if (sample.params) {
    for (const id of ['not-a-uuid', '', '0', '../../etc/passwd', "' OR 1=1 --", crypto.randomUUID(), 'x'.repeat(5000)]) {
      inputs.push({ label: `param id=${id.slice(0, 20)}`, params: { id }, body: hasBody ? sample.body : undefined });
    }
  }
  return inputs;
}

describe('bad input on every route', () => {
  let firm: FirmFixture;
  let routes: DiscoveredRoute[];
  beforeAll(async () => {
    firm = await createFirm(db, 'Firma Fuzz');
    routes = await discoverRoutes();
  });

  it('never answers 5xx, and every non-2xx is the error contract', async () => {
    const rng = createRng(20261129);
    let total = 0;
    for (const route of routes) {
      // Destructive routes get a firm of their own so later routes still have data.
      const target = route.method === 'DELETE' ? await createFirm(db, 'Firma Fuzz Destrutiva') : firm;
      const spec = ROUTE_TABLE[route.key];
      const token = spec.access === 'public' ? undefined : target.users.OWNER.token;
      const handler = await handlerFor(route);
      for (const input of inputsFor(route, target, rng)) {
        // Often enough for the strictest per-address policy (login-ip, 30/min).
        if (total % 25 === 0) resetMemoryLimits();
        total++;
        const res = await call(handler, {
          // Each input from its own address: sign-in failures must not throttle the rest.
          ip: `10.250.${(total >> 8) & 255}.${total & 255}`,
          method: route.method,
          path: route.pattern,
          params: input.params,
          query: input.query,
          body: input.rawBody === undefined ? input.body : undefined,
          rawBody: input.rawBody,
          headers: input.rawBody !== undefined ? { 'content-type': input.contentType ?? 'application/json' } : undefined,
          token,
        });
        const where = `${route.key} [${input.label}] → ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 300 && res.status !== 304) {
          expect(res.status, where).toBeGreaterThanOrEqual(400);
          expectErrorContract(res.json);
        }
      }
    }
    expect(total).toBeGreaterThan(2000);
  }, 240_000);

  it('maps malformed JSON to 400, schema failures to 422 with the failing paths', async () => {
    const route = (await discoverRoutes()).find((r) => r.key === 'POST /api/settings')!;
    const handler = await handlerFor(route);
    const bad = await call(handler, { method: 'POST', rawBody: '{"companyName":', headers: { 'content-type': 'application/json' }, token: firm.users.OWNER.token });
    expect(bad.status).toBe(400);
    expect(expectErrorContract(bad.json).code).toBe('invalid_json');
    const invalid = await call(handler, { method: 'POST', body: { weights: { document: 'x' }, companyName: 5 }, token: firm.users.OWNER.token });
    expect(invalid.status).toBe(422);
    const err = expectErrorContract(invalid.json);
    expect(err.code).toBe('validation_failed');
    const paths = (err.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['companyName', 'weights.document']));
  });
});
