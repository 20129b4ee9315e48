// GET /api/receivables over real PostgreSQL, the tenant's Advbox client
// (its encrypted token, production code) against the Advbox sandbox: the
// first call crawls the snapshot, later calls read it; buckets by due date
// in São Paulo; confirmed receivables left out; tenant isolation; roles; the
// 409 without a token; bad input as 4xx with the error contract.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/receivables/route';
import { updateSettings } from '@/lib/settings/settings';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import type { AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { withAdvboxSandbox } from '@/test/reconciliation';
import type { BillingViewDto } from './reminders';

const { db } = testDb();
let sb: AdvboxSandbox;

const DAY = 86_400_000;
const UNDONE = { status: 'UNDONE' as const, undoneBy: 'test', undoneAt: new Date() };
const today = saoPauloDate(Date.now());
const shift = (days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

const { sandbox } = withAdvboxSandbox();
beforeAll(() => {
  sb = sandbox();
});

interface Firm extends FirmFixture {
  ids: Record<'overdue' | 'overdue2' | 'today' | 'soon' | 'later' | 'confirmed', string>;
}

async function firm(name: string, prefix: string): Promise<Firm> {
  const f = await createFirm(db, name);
  const token = `billing-${f.tenantId}`;
  await updateSettings(db, { tenantId: f.tenantId, actorId: 'test', input: { advboxToken: token, companyName: `${name} Advogados` } });
  // The fixture's own record confirms a random receivable id; it must not hide one of ours.
  await db.reconciliationRecord.updateMany({ where: { tenantId: f.tenantId }, data: UNDONE });
  const acc = sb.addFirm(token);
  const maria = acc.addCustomer({ name: `${prefix} Maria da Silva`, document: '52998224725', cellphone: '(11) 98765-4321', email: 'maria@exemplo.com.br' });
  const joao = acc.addCustomer({ name: `${prefix} João Pereira`, document: '11144477735' });
  const add = (c: number, amount: number, days: number, description: string) => String(acc.addReceivable(c, { amount, date_due: shift(days), description }).id);
  const ids = {
    overdue: add(maria.id, 1500, -10, 'Honorários parcela 3/10'),
    overdue2: add(joao.id, 320.5, -40, 'Custas processuais'),
    today: add(maria.id, 200, 0, 'Honorários parcela 4/10'),
    soon: add(joao.id, 99.99, 7, 'Acordo'),
    later: add(maria.id, 1000, 20, 'Honorários parcela 5/10'),
    confirmed: add(joao.id, 777, -3, 'Já conciliado'),
  };
  await db.reconciliationRecord.create({
    data: { tenantId: f.tenantId, pluggyTransactionDbId: f.transactionIds[1]!, advboxTransactionId: ids.confirmed, amount: '777.00', score: '95.00', datePaid: new Date(), confirmedBy: f.users.MEMBER.userId },
  });
  return { ...f, ids };
}

const get = (token: string | undefined, query: Record<string, string> = {}) => call<BillingViewDto>(GET, { method: 'GET', path: '/api/receivables', token, query });

describe('GET /api/receivables', () => {
  let a: Firm;
  let b: Firm;
  beforeAll(async () => {
    [a, b] = await Promise.all([firm('Alfa', 'ALFA'), firm('Beta', 'BETA')]);
  });

  it('buckets the open receivables by due date in São Paulo, with summary, contacts and hand-off links', async () => {
    const r = await get(a.users.VIEWER.token);
    expect(r.status).toBe(200);
    expect(r.json.today).toBe(today);
    expect(r.json.fetchedAt).not.toBeNull();
    expect(r.json.summary).toEqual({
      overdue: { count: 2, amount: '1820.50' },
      today: { count: 1, amount: '200.00' },
      soon: { count: 1, amount: '99.99' },
      all: { count: 5, amount: '3120.49' },
    });
    // Default bucket: overdue, oldest first; the confirmed one is not there.
    expect(r.json.rows.map((x) => x.id)).toEqual([a.ids.overdue2, a.ids.overdue]);
    const [joao, maria] = r.json.rows;
    expect(joao).toMatchObject({ amount: '320.50', dueDate: shift(-40), daysOverdue: 40, customer: { name: 'Alfa João Pereira', document: '***.444.777-**', phone: null, email: null } });
    expect(joao!.reminder.whatsappUrl).toBeNull();
    expect(maria!.customer).toMatchObject({ phone: '+5511987654321', email: 'maria@exemplo.com.br' });
    expect(maria!.reminder.text).toContain('R$ 1.500,00');
    expect(maria!.reminder.text).toContain(shift(-10).split('-').reverse().join('/'));
    expect(maria!.reminder.text).toContain('Alfa Advogados');
    expect(new URL(maria!.reminder.whatsappUrl!).searchParams.get('text')).toBe(maria!.reminder.text);
    expect(maria!.reminder.whatsappUrl!.startsWith('https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Alfa!')).toBe(true);
    expect(maria!.reminder.mailtoUrl).toMatch(/^mailto:maria@exemplo\.com\.br\?subject=Pagamento%20em%20aberto/);

    const [t, s, all] = await Promise.all([get(a.users.VIEWER.token, { bucket: 'today' }), get(a.users.VIEWER.token, { bucket: 'soon' }), get(a.users.VIEWER.token, { bucket: 'all' })]);
    expect(t.json.rows.map((x) => x.id)).toEqual([a.ids.today]);
    expect(s.json.rows.map((x) => x.id)).toEqual([a.ids.soon]);
    expect(all.json.rows.map((x) => x.id)).toEqual([a.ids.overdue2, a.ids.overdue, a.ids.today, a.ids.soon, a.ids.later]);
    expect(all.json.rows.map((x) => x.id)).not.toContain(a.ids.confirmed);
  });

  it('searches and pages', async () => {
    const q = await get(a.users.VIEWER.token, { bucket: 'all', q: 'parcela', limit: '2', offset: '1' });
    expect(q.status).toBe(200);
    expect(q.json.summary.all.count).toBe(3);
    expect(q.json.page).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(q.json.rows.map((x) => x.id)).toEqual([a.ids.today, a.ids.later]);
  });

  it('a receivable undone in reconciliation is listed again', async () => {
    await db.reconciliationRecord.updateMany({ where: { tenantId: a.tenantId, advboxTransactionId: a.ids.confirmed }, data: UNDONE });
    const r = await get(a.users.MEMBER.token);
    expect(r.json.rows.map((x) => x.id)).toContain(a.ids.confirmed);
    await db.reconciliationRecord.updateMany({ where: { tenantId: a.tenantId, advboxTransactionId: a.ids.confirmed }, data: { status: 'CONFIRMED', undoneBy: null, undoneAt: null } });
  });

  it('each firm sees only its own receivables', async () => {
    const [ra, rb] = await Promise.all([get(a.users.OWNER.token, { bucket: 'all' }), get(b.users.OWNER.token, { bucket: 'all' })]);
    expect(ra.json.rows.every((x) => x.customer.name.startsWith('Alfa'))).toBe(true);
    expect(rb.json.rows.every((x) => x.customer.name.startsWith('Beta'))).toBe(true);
    expect(rb.json.rows.map((x) => x.id)).toEqual([b.ids.overdue2, b.ids.overdue, b.ids.today, b.ids.soon, b.ids.later]);
    // Smuggling a tenant is refused, not obeyed.
    const smuggled = await get(a.users.OWNER.token, { tenantId: b.tenantId });
    expect(smuggled.status).toBe(422);
    expectErrorContract(smuggled.json);
  });

  it('409 without an Advbox token; 401 without a session', async () => {
    const bare = await createFirm(db, 'Sem Advbox');
    const r = await get(bare.users.VIEWER.token);
    expect(r.status).toBe(409);
    expect(expectErrorContract(r.json).message).toMatch(/token do Advbox/);
    const anon = await get(undefined);
    expect(anon.status).toBe(401);
    expectErrorContract(anon.json);
  });

  it.each<Record<string, string>>([{ bucket: 'late' }, { limit: '0' }, { limit: '201' }, { offset: '-1' }, { q: 'x'.repeat(101) }, { q: ' ' }])('bad input %o → 4xx with the error contract', async (query) => {
    const r = await get(a.users.VIEWER.token, query);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectErrorContract(r.json);
  });
});
