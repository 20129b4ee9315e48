// The overlap rule against the project's Pluggy sandbox, driven by the
// production client (lib/pluggy/client): three months of the sandbox firm's
// checking account is first imported from an OFX file (made from the same
// bank transactions, with the bank's own FITIDs), then the account is
// connected through Pluggy. The sync module is not part of this branch, so
// the test stores what the client fetched the way a sync stores it
// (pluggy_items / pluggy_accounts / pluggy_transactions) and then calls
// afterBankDataChanged(…, { source: 'sync' }) as a sync does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createBankAccount } from '@/app/api/bank-accounts/route';
import { POST as upload } from '@/app/api/statements/import/route';
import { POST as confirm } from '@/app/api/statements/imports/[id]/confirm/route';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { stampForTests } from '@/lib/http/peer-stamp';
import { startJobWorkers, stopJobWorkers } from '@/lib/jobs/workers';
import { refreshKpiView } from '@/lib/kpi-view';
import { bookingDate, centsToDecimalString, createPluggyApi, SANDBOX_CLIENT, signedAmountCents } from '@/lib/pluggy/client';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { statementImportJob, statementOverlapJob } from '@/lib/statements/jobs';
import { call, DEFAULT_TEST_IP } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm } from '@/test/fixtures';
import { waitFor, waitForState } from '@/test/jobs';
import type { RouteHandler } from '@/test/routes';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { ofxSgml1252, type OfxTxn } from './fixtures';

const { db, pool } = testDb();
let sb: PluggySandbox;

beforeAll(async () => {
  sb = await startPluggySandbox({ defaultFirm: { seed: 14, anchorDate: '2026-11-30', customers: 40 }, updateDelayMs: 5, rateLimits: false });
  await startJobWorkers({ jobs: [statementImportJob, statementOverlapJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await stopJobWorkers({ timeoutMs: 5000 });
  await sb?.close();
});

describe('statement import, then the same account through Pluggy (sandbox)', () => {
  it('links the accounts and counts each bank transaction once', async () => {
    resetMemoryLimits();
    const api = createPluggyApi({ baseUrl: sb.url, ...SANDBOX_CLIENT });
    const item = await api.createItem(0, { user: 'user-ok', password: 'password-ok' });
    await sb.control.waitForItem(item.id);
    const checking = (await api.fetchAccounts(item.id)).find((a) => a.type === 'BANK')!;
    const months = [];
    for await (const page of api.transactionPages(checking.id, { dateFrom: '2026-09-01', dateTo: '2026-11-30' })) months.push(...page);
    expect(months.length).toBeGreaterThan(10);

    // The person registers the account as the bank shows it ("0001/12345-6" → branch and number).
    const firm = await createFirm(db, 'Firma Sandbox');
    const [branch, number] = checking.number.includes('/') ? checking.number.split('/') : [null, checking.number];
    const created = await call(createBankAccount, {
      method: 'POST',
      path: '/api/bank-accounts',
      token: firm.users.MEMBER.token,
      body: { name: 'Conta do banco', bankName: 'Pluggy Bank', branch, number },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const manualId = created.json.id as string;

    // The first half of the period, from the bank's OFX (its own FITIDs, not Pluggy's ids).
    const fileRows = months.slice(0, Math.floor(months.length / 2));
    const txns: OfxTxn[] = fileRows.map((t, i) => ({
      posted: bookingDate(t.date).replace(/-/g, ''),
      amount: centsToDecimalString(signedAmountCents(t)),
      fitid: `BANCO-${i}`,
      memo: t.description,
    }));
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(ofxSgml1252(txns, { branchId: branch ?? undefined, acctId: number, start: '20260901', end: txns[txns.length - 1]!.posted }))]), 'extrato.ofx');
    form.set('accountId', manualId);
    const headers = new Headers({ authorization: `Bearer ${firm.users.MEMBER.token}` });
    stampForTests(headers, DEFAULT_TEST_IP);
    const res = await (upload as RouteHandler)(new Request('http://localhost:3000/api/statements/import', { method: 'POST', headers, body: form }), { params: Promise.resolve({}) });
    const preview = (await res.json()) as { import: { id: string; newCount: number; warnings: string[] } };
    expect(res.status, JSON.stringify(preview)).toBe(201);
    expect(preview.import.warnings).toEqual([]);
    const ok = await call(confirm, { method: 'POST', path: `/api/statements/imports/${preview.import.id}/confirm`, token: firm.users.MEMBER.token, params: { id: preview.import.id }, body: {} });
    await waitForState(statementImportJob.name, ok.json.jobId, ['completed']);
    const imported = await db.pluggyTransaction.count({ where: { pluggyAccountDbId: manualId, deletedAt: null } });
    expect(imported).toBe(fileRows.length);

    // The bank is then connected: the rows a sync stores for this item.
    const itemRow = await db.pluggyItem.create({ data: { tenantId: firm.tenantId, pluggyItemId: item.id, connectorId: 0, connectorName: 'Pluggy Bank', status: 'UPDATED' } });
    const accRow = await db.pluggyAccount.create({
      data: { tenantId: firm.tenantId, pluggyItemDbId: itemRow.id, pluggyAccountId: checking.id, type: 'BANK', subtype: checking.subtype, name: checking.name, number: checking.number },
    });
    await db.pluggyTransaction.createMany({
      data: months.map((t) => ({
        tenantId: firm.tenantId,
        pluggyAccountDbId: accRow.id,
        pluggyTransactionId: t.id,
        date: new Date(`${bookingDate(t.date)}T00:00:00Z`),
        description: t.description,
        type: t.type,
        amount: centsToDecimalString(signedAmountCents(t)),
      })),
    });
    await afterBankDataChanged(firm.tenantId, { source: 'sync' });

    await waitFor('imported twins to be superseded', async () => (await db.pluggyTransaction.count({ where: { pluggyAccountDbId: manualId, deletedAt: null } })) === 0);
    expect((await db.pluggyAccount.findUniqueOrThrow({ where: { id: manualId } })).linkedAccountId).toBe(accRow.id);
    expect(await db.pluggyTransaction.count({ where: { pluggyAccountDbId: manualId, supersededById: { not: null } } })).toBe(fileRows.length);

    await refreshKpiView(pool);
    const { rows } = await pool.query(`SELECT COALESCE(SUM(tx_count), 0)::int AS n FROM mv_tenant_kpis WHERE tenant_id = $1 AND month >= '2026-09-01' AND month <= '2026-11-01'`, [firm.tenantId]);
    // The sandbox's rows once, plus the firm fixture's own three (October 2026).
    expect(rows[0].n).toBe(months.length + firm.transactionIds.length);
  });
});
