// POST /api/reconciliation/preview: the engine over the tenant's real inputs
// (PostgreSQL credits, Advbox sandbox clients and receivables) with the saved
// settings and with a proposal, compared; nothing saved, nothing cached.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/reconciliation/preview/route';
import { GET as getSettings } from '@/app/api/settings/route';
import { generateBook } from '@/lib/synthetic/book';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm } from '@/test/fixtures';
import { createReconFirm, withReconSandbox, type ReconFirm } from '@/test/reconciliation';
import type { SettingsPreviewDto } from './preview';

const { db } = testDb();
const book = generateBook({ seed: 7, customers: 30, anchorDate: '2026-11-30' });
const ORIGIN = { origin: 'http://localhost:3000' };
const SAVED = { weights: { document: 40, name: 25, contact: 5, amount: 20, date: 10 }, thresholds: { high: 85, medium: 60 } };
const { sandbox } = withReconSandbox();
let firm: ReconFirm;

const preview = (body: unknown, token = firm.users.ADMIN.token) =>
  call<SettingsPreviewDto>(POST, { method: 'POST', path: '/api/reconciliation/preview', token, body, headers: ORIGIN });

beforeAll(async () => {
  firm = await createReconFirm(db, sandbox(), book);
});

describe('POST /api/reconciliation/preview', () => {
  it('the saved settings change nothing; a stricter proposal moves auto matches down, counted per move', async () => {
    const same = await preview(SAVED);
    expect(same.status).toBe(200);
    const credits = same.json.credits;
    expect(credits).toBeGreaterThan(20);
    expect(same.json.statusChanged).toBe(0);
    expect(same.json.matchChanged).toBe(0);
    expect(same.json.transitions).toEqual([]);
    expect(same.json.proposed).toEqual(same.json.current);
    const sum = (c: SettingsPreviewDto['current']) => c.auto + c.suggested + c.unmatched;
    expect(sum(same.json.current)).toBe(credits);
    expect(same.json.current.auto).toBeGreaterThan(0);

    // Only perfect scores stay "auto"; suggestions need 99: nothing can move up.
    const strict = await preview({ ...SAVED, thresholds: { high: 100, medium: 99 } });
    expect(strict.status).toBe(200);
    expect(strict.json.current).toEqual(same.json.current);
    expect(strict.json.proposed.auto).toBeLessThan(same.json.current.auto);
    expect(sum(strict.json.proposed)).toBe(credits);
    expect(strict.json.statusChanged).toBe(strict.json.transitions.reduce((a, t) => a + t.count, 0));
    expect(strict.json.transitions.some((t) => t.to === 'auto')).toBe(false);
    const leftAuto = strict.json.transitions.filter((t) => t.from === 'auto').reduce((a, t) => a + t.count, 0);
    expect(leftAuto).toBe(same.json.current.auto - strict.json.proposed.auto);
    expect(strict.json.transitions.every((t) => t.from !== t.to && t.count > 0)).toBe(true);

    // A preview saves nothing.
    const settings = await call<{ thresholds: { high: number } }>(getSettings, { method: 'GET', path: '/api/settings', token: firm.users.ADMIN.token });
    expect(settings.json.thresholds.high).toBe(85);
  });

  it('is for those who can change the settings', async () => {
    for (const role of ['MEMBER', 'VIEWER'] as const) {
      const res = await preview(SAVED, firm.users[role].token);
      expect(res.status, role).toBe(403);
      expectErrorContract(res.json);
    }
  });

  it('refuses weights that do not sum to 100 and thresholds out of order, in pt-BR', async () => {
    const bad = [
      { ...SAVED, weights: { ...SAVED.weights, date: 11 } },
      { ...SAVED, thresholds: { high: 60, medium: 60 } },
      { weights: SAVED.weights },
      { ...SAVED, tenantId: firm.tenantId },
    ];
    for (const body of bad) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expectErrorContract(res.json);
    }
  });

  it('409 for a firm without an Advbox token', async () => {
    const other = await createFirm(db);
    const res = await preview(SAVED, other.users.ADMIN.token);
    expect(res.status).toBe(409);
    expectErrorContract(res.json);
  });
});
