// GET /api/advbox/customers through the real route wrapper, PostgreSQL and
// the tenant's Advbox client against the sandbox: name search is accent- and
// case-insensitive, digits search the CPF/CNPJ, documents leave masked,
// another tenant's customers never appear, VIEWER may search, anonymous may
// not, bad input is a 422, and a firm without an Advbox token gets 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/advbox/customers/route';
import { resetAdvboxBudgetForTests } from '@/lib/advbox/client';
import { resetEnvCache } from '@/lib/env';
import { foldText } from '@/lib/matching/normalize';
import { updateSettings } from '@/lib/settings/settings';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { call } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import type { CustomerSearchResult } from './search';

const { db } = testDb();
let sb: AdvboxSandbox;
let previousUrl: string | undefined;
let a: FirmFixture;
let b: FirmFixture;

const search = (f: FirmFixture, query: Record<string, string>, token: string | null = f.users.VIEWER.token) =>
  call<CustomerSearchResult & { error?: { code: string } }>(GET, { method: 'GET', path: '/api/advbox/customers', token: token ?? undefined, query });

beforeAll(async () => {
  sb = await startAdvboxSandbox({ firms: {} });
  previousUrl = process.env.ADVBOX_API_URL;
  process.env.ADVBOX_API_URL = sb.url;
  resetEnvCache();
  resetAdvboxBudgetForTests();
  a = await createFirm(db, 'Busca A');
  b = await createFirm(db, 'Busca B');
  // Two different books: firm B's customers are not firm A's.
  for (const [f, seed] of [[a, 31], [b, 32]] as const) {
    const token = `busca-${f.tenantId}`;
    await updateSettings(db, { tenantId: f.tenantId, actorId: 'test', input: { advboxToken: token } });
    sb.addFirm(token, { bookOptions: { seed, customers: 30, anchorDate: '2026-11-30' } });
  }
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
  else process.env.ADVBOX_API_URL = previousUrl;
  resetEnvCache();
  await sb?.close();
});

describe('GET /api/advbox/customers', () => {
  it('finds clients by name without accents or case, and by document digits, masked', async () => {
    const customers = sb.firm(`busca-${a.tenantId}`).customers;
    const accented = customers.find((c) => /[À-ÿ]/.test(c.name) && c.identification);
    expect(accented, 'the book has an accented name').toBeDefined();
    const word = accented!.name.split(' ').find((w) => /[À-ÿ]/.test(w))!;
    const typed = foldText(word).toLowerCase(); // "joão" typed as "joao"
    const byName = await search(a, { q: typed, limit: '50' });
    expect(byName.status).toBe(200);
    expect(byName.json.items.map((i) => i.id)).toContain(String(accented!.id));
    const expected = customers.filter((c) => ` ${foldText(c.name)} `.includes(` ${foldText(word)}`)).length;
    expect(byName.json.total).toBe(expected);
    for (const i of byName.json.items) expect(foldText(i.name)).toContain(foldText(word));

    const digits = accented!.identification!.replace(/\D/g, '');
    const byDoc = await search(a, { q: digits.slice(3, 9) });
    expect(byDoc.status).toBe(200);
    const hit = byDoc.json.items.find((i) => i.id === String(accented!.id));
    expect(hit).toBeDefined();
    expect(hit!.document).toMatch(/\*\*/);
    expect(hit!.document).not.toContain(digits);
    expect(JSON.stringify(byDoc.json)).not.toContain(digits);

    const limited = await search(a, { limit: '3' });
    expect(limited.json.items).toHaveLength(3);
    expect(limited.json.total).toBe(customers.length);
  });

  it('never returns another tenant’s customers', async () => {
    const theirs = sb.firm(`busca-${b.tenantId}`).customers;
    const ours = new Set(sb.firm(`busca-${a.tenantId}`).customers.map((c) => String(c.id)));
    const onlyTheirs = theirs.find((c) => !sb.firm(`busca-${a.tenantId}`).customers.some((o) => o.name === c.name))!;
    const r = await search(a, { q: onlyTheirs.name, limit: '50' });
    expect(r.status).toBe(200);
    expect(r.json.items.map((i) => i.name)).not.toContain(onlyTheirs.name);
    const all = await search(a, { limit: '50' });
    for (const i of all.json.items) expect(ours.has(i.id)).toBe(true);
    // And B sees its own.
    const mine = await search(b, { q: onlyTheirs.name, limit: '50' });
    expect(mine.json.items.map((i) => i.name)).toContain(onlyTheirs.name);
  });

  it('requires a session (any role may search) and refuses bad input with 422', async () => {
    expect((await search(a, { q: 'a' }, null)).status).toBe(401);
    for (const role of ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const) expect((await search(a, { q: 'a' }, a.users[role].token)).status).toBe(200);
    const bad: Record<string, string>[] = [{ limit: '0' }, { limit: '51' }, { limit: 'x' }, { q: 'x'.repeat(101) }, { other: '1' }];
    for (const query of bad) {
      const r = await search(a, query);
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect(r.json.error?.code).toBeTruthy();
    }
  });

  it('answers 409 when the firm has no Advbox token', async () => {
    const c = await createFirm(db, 'Sem token');
    const r = await search(c, { q: 'silva' });
    expect(r.status).toBe(409);
    expect(r.json.error?.code).toBe('conflict');
  });
});
