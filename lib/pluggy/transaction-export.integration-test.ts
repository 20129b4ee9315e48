// The CSV export and the filter totals through the real route and database.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as exportCsv } from '@/app/api/pluggy/transactions/export/route';
import { transactionsCsv, transactionTotals } from '@/lib/pluggy/transaction-export';
import { listTransactions } from '@/lib/pluggy/transactions';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';

const { db } = testDb();
beforeEach(() => resetMemoryLimits());

const get = (token: string, query?: Record<string, string>) =>
  call<string>(exportCsv, { method: 'GET', path: '/api/pluggy/transactions/export', token, query });

describe('GET /api/pluggy/transactions/export', () => {
  let firm: FirmFixture;
  let other: FirmFixture;
  beforeAll(async () => {
    firm = await createFirm(db, 'Firma Export');
    other = await createFirm(db, 'Firma Outra');
    // A description a spreadsheet would run as a formula, and one with the separator.
    await db.pluggyTransaction.update({ where: { id: firm.transactionIds[2]! }, data: { description: '=HYPERLINK("http://x";"clique")' } });
  });

  it('streams every row of the filter as pt-BR CSV with a BOM', async () => {
    const res = await get(firm.users.VIEWER.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="transacoes-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Response.text() drops the BOM while decoding; the raw first chunk is checked below.
    const text = res.json;
    const first = await transactionsCsv(db, firm.tenantId, {}).next();
    expect((first.value as string).charCodeAt(0)).toBe(0xfeff);
    const lines = text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Data;Descrição;Tipo;Valor (R$);Conta;Forma de pagamento;Pagador;CPF/CNPJ do pagador;Categoria;Ignorada');
    expect(lines).toHaveLength(1 + firm.transactionIds.length);
    expect(lines[1]).toMatch(/^12\/10\/2026;"'=HYPERLINK\(""http:\/\/x"";""clique""\)";Crédito;800,55;/);
    expect(lines[2]).toMatch(/^11\/10\/2026;[^;]*;Débito;-230,10;/);
    // The other firm's rows never appear.
    expect(text).not.toContain(other.tenantId);
  });

  it('applies the listing filters', async () => {
    const res = await get(firm.users.VIEWER.token, { type: 'DEBIT' });
    const lines = res.json.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Débito');
  });

  it('refuses a bad filter with the error contract', async () => {
    const res = await get(firm.users.VIEWER.token, { from: '2026-12-01', to: '2026-11-01' });
    expect(res.status).toBe(422);
    expectErrorContract(res.json);
    expect((await get(firm.users.VIEWER.token, { limit: '10' })).status).toBe(422);
  });

  it('totals the filter exactly', async () => {
    const all = await transactionTotals(db, firm.tenantId, {});
    expect(all).toEqual({ count: 3, credits: '2300.55', creditCount: 2, debits: '-230.10', debitCount: 1, net: '2070.45' });
    const none = await transactionTotals(db, firm.tenantId, { from: '2030-01-01' });
    expect(none).toEqual({ count: 0, credits: '0.00', creditCount: 0, debits: '0.00', debitCount: 0, net: '0.00' });
  });

  it('signs card rows by their type in the totals, the listing and the CSV (Pluggy stores card purchases positive)', async () => {
    const card = await createFirm(db, 'Firma Cartão');
    const account = await db.pluggyAccount.create({
      data: { tenantId: card.tenantId, pluggyItemDbId: (await db.pluggyItem.findFirstOrThrow({ where: { tenantId: card.tenantId } })).id, pluggyAccountId: `card-${card.tenantId}`, type: 'CREDIT', subtype: 'CREDIT_CARD', name: 'Cartão Empresarial' },
    });
    const base = { tenantId: card.tenantId, pluggyAccountDbId: account.id, date: new Date(Date.UTC(2026, 9, 20)) };
    const purchase = await db.pluggyTransaction.create({ data: { ...base, pluggyTransactionId: `p-${card.tenantId}`, description: 'KALUNGA 08/09', type: 'DEBIT', amount: '88.29' } });
    await db.pluggyTransaction.create({ data: { ...base, pluggyTransactionId: `b-${card.tenantId}`, description: 'PAGAMENTO DE FATURA', type: 'CREDIT', amount: '-500.00' } });
    // The fixture's bank rows: +1500.00, -230.10, +800.55.
    expect(await transactionTotals(db, card.tenantId, {})).toEqual({ count: 5, credits: '2800.55', creditCount: 3, debits: '-318.39', debitCount: 2, net: '2482.16' });
    expect(await transactionTotals(db, card.tenantId, { accountId: account.id })).toEqual({ count: 2, credits: '500.00', creditCount: 1, debits: '-88.29', debitCount: 1, net: '411.71' });
    const { items } = await listTransactions(db, card.tenantId, { accountId: account.id, limit: 10 });
    expect(Object.fromEntries(items.map((t) => [t.description, t.amount]))).toEqual({ 'KALUNGA 08/09': '-88.29', 'PAGAMENTO DE FATURA': '500.00' });
    const csv = (await get(card.users.VIEWER.token, { accountId: account.id })).json;
    expect(csv).toContain('KALUNGA 08/09;Débito;-88,29;');
    expect(csv).toContain('PAGAMENTO DE FATURA;Crédito;500,00;');
    // The row itself keeps what Pluggy sent.
    expect((await db.pluggyTransaction.findUniqueOrThrow({ where: { id: purchase.id } })).amount.toFixed(2)).toBe('88.29');
  });
});
