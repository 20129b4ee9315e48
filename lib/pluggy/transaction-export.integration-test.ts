// The CSV export and the filter totals through the real route and database.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as exportCsv } from '@/app/api/pluggy/transactions/export/route';
import { transactionsCsv, transactionTotals } from '@/lib/pluggy/transaction-export';
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
});
