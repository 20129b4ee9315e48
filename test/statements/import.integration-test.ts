// Statement import through the real routes, database and job worker:
// manual accounts, upload → preview → confirm → job → rows in
// pluggy_transactions (the listing and the KPIs see them), idempotent
// re-import and overlapping files, saved CSV mapping, undo (refused when
// reconciled), bad files (4xx naming the line, nothing stored), size limit,
// and the overlap with synced data of the same bank account.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as listBankAccounts, POST as createBankAccount } from '@/app/api/bank-accounts/route';
import { GET as getAccounts } from '@/app/api/pluggy/accounts/route';
import { GET as getItems } from '@/app/api/pluggy/items/route';
import { GET as getTransactions } from '@/app/api/pluggy/transactions/route';
import { POST as upload } from '@/app/api/statements/import/route';
import { GET as listImports } from '@/app/api/statements/imports/route';
import { GET as getImport } from '@/app/api/statements/imports/[id]/route';
import { POST as confirm } from '@/app/api/statements/imports/[id]/confirm/route';
import { POST as undo } from '@/app/api/statements/imports/[id]/undo/route';
import { afterBankDataChanged } from '@/lib/bank-data/changed';
import { stampForTests } from '@/lib/http/peer-stamp';
import { refreshKpiView } from '@/lib/kpi-view';
import { startJobWorkers, stopJobWorkers } from '@/lib/jobs/workers';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { STATEMENT_MAX_BYTES } from '@/lib/statements/imports';
import { statementImportJob, statementOverlapJob } from '@/lib/statements/jobs';
import { resolveOverlap } from '@/lib/statements/overlap';
import { call, DEFAULT_TEST_IP, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { waitFor, waitForState } from '@/test/jobs';
import type { RouteHandler } from '@/test/routes';
import {
  binaryFile,
  CPF_MARIA,
  csvCreditDebit,
  csvSemicolonComma,
  MARCH_TXNS,
  ofxSgml1252,
  ofxXml,
  truncatedOfx,
  type OfxTxn,
} from './fixtures';

const { db, pool } = testDb();

beforeAll(async () => {
  await startJobWorkers({ jobs: [statementImportJob, statementOverlapJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await stopJobWorkers({ timeoutMs: 5000 });
});
beforeEach(() => resetMemoryLimits());

async function send(token: string, file: { bytes: Uint8Array; name: string } | null, fields: Record<string, string>) {
  const form = new FormData();
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const headers = new Headers({ authorization: `Bearer ${token}` });
  stampForTests(headers, DEFAULT_TEST_IP);
  const req = new Request('http://localhost:3000/api/statements/import', { method: 'POST', headers, body: form });
  const res = await (upload as RouteHandler)(req, { params: Promise.resolve({}) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}

async function newAccount(firm: FirmFixture, over: Record<string, unknown> = {}) {
  const res = await call(createBankAccount, {
    method: 'POST',
    path: '/api/bank-accounts',
    token: firm.users.MEMBER.token,
    body: { name: 'Conta Itaú', bankName: 'Itaú', bankCode: '341', branch: '1234', number: '56789-0', ...over },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id as string;
}

async function importFile(firm: FirmFixture, accountId: string, bytes: Uint8Array, name: string, extra: Record<string, string> = {}) {
  const preview = await send(firm.users.MEMBER.token, { bytes, name }, { accountId, ...extra });
  expect(preview.status, JSON.stringify(preview.json)).toBe(201);
  const id = preview.json.import.id as string;
  const ok = await call(confirm, { method: 'POST', path: `/api/statements/imports/${id}/confirm`, token: firm.users.MEMBER.token, params: { id }, body: {} });
  expect(ok.status, JSON.stringify(ok.json)).toBe(202);
  expect(ok.json.status).toBe('QUEUED');
  await waitForState(statementImportJob.name, ok.json.jobId, ['completed']);
  const done = await call(getImport, { method: 'GET', path: `/api/statements/imports/${id}`, token: firm.users.VIEWER.token, params: { id } });
  expect(done.json.status).toBe('COMPLETED');
  return { preview: preview.json.import, done: done.json };
}

const liveRows = (tenantId: string, accountId: string) =>
  db.pluggyTransaction.findMany({ where: { tenantId, pluggyAccountDbId: accountId, deletedAt: null }, orderBy: [{ date: 'asc' }, { amount: 'asc' }] });

describe('manual bank accounts', () => {
  it('are created by MEMBER+, listed, shown among the accounts with their bank, and not as bank connections', async () => {
    const firm = await createFirm(db);
    const id = await newAccount(firm);
    const list = await call(listBankAccounts, { method: 'GET', path: '/api/bank-accounts', token: firm.users.VIEWER.token });
    expect(list.json.accounts.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(list.json.accounts[0]).toMatchObject({ bankName: 'Itaú', bankCode: '341', branch: '1234', number: '56789-0', linkedAccountId: null });
    const accounts = await call(getAccounts, { method: 'GET', path: '/api/pluggy/accounts', token: firm.users.VIEWER.token });
    expect(accounts.json.accounts.find((a: { id: string }) => a.id === id)).toMatchObject({ bank: 'Itaú', name: 'Conta Itaú' });
    const items = await call(getItems, { method: 'GET', path: '/api/pluggy/items', token: firm.users.VIEWER.token });
    expect(items.json.items.map((i: { id: string }) => i.id)).toEqual([firm.itemId]);
    const dup = await call(createBankAccount, {
      method: 'POST',
      path: '/api/bank-accounts',
      token: firm.users.MEMBER.token,
      body: { name: 'Outra', bankName: 'Itaú', bankCode: '341', branch: '1234', number: '0056789-0' },
    });
    expect(dup.status).toBe(409);
    const viewer = await call(createBankAccount, { method: 'POST', path: '/api/bank-accounts', token: firm.users.VIEWER.token, body: { name: 'x', bankName: 'y', number: '1' } });
    expect(viewer.status).toBe(403);
    expect(await db.auditLog.count({ where: { tenantId: firm.tenantId, action: 'bank_account.created' } })).toBe(1);
  });
});

describe('OFX import', () => {
  it('previews, imports through the job, and the rows flow into the listing and the KPIs', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const { preview, done } = await importFile(firm, acc, ofxSgml1252(), 'extrato-marco.ofx');
    expect(preview).toMatchObject({
      status: 'PREVIEW',
      format: 'ofx',
      encoding: 'windows-1252',
      rowCount: 4,
      newCount: 4,
      existingCount: 0,
      creditTotal: '3845.67',
      debitTotal: '-1289.90',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-05',
    });
    expect(preview.sample[0]).toMatchObject({ date: '2026-03-02', amount: '1500.00', isNew: true });
    expect(done.insertedCount).toBe(4);

    const rows = await liveRows(firm.tenantId, acc);
    expect(rows.map((r) => [r.date.toISOString().slice(0, 10), r.amount.toFixed(2), r.type, r.fitid])).toEqual([
      ['2026-03-02', '1500.00', 'CREDIT', '202603020001'],
      ['2026-03-03', '-89.90', 'DEBIT', '202603030001'],
      ['2026-03-04', '2345.67', 'CREDIT', '202603040001'],
      ['2026-03-05', '-1200.00', 'DEBIT', '202603050001'],
    ]);
    expect(rows[0]).toMatchObject({ payerName: 'MARIA JOSE CONCEICAO', payerDocument: CPF_MARIA, payerDocumentType: 'CPF', paymentMethod: 'PIX' });
    expect(rows[0]!.description).toContain('MARIA JOSÉ CONCEIÇÃO');
    expect(rows[3]!.referenceNumber).toBe('000321');

    const listing = await call(getTransactions, { method: 'GET', path: '/api/pluggy/transactions', token: firm.users.VIEWER.token, query: { accountId: acc } });
    expect(listing.json.items.map((t: { amount: string }) => t.amount).sort()).toEqual(['-1200.00', '-89.90', '1500.00', '2345.67']);
    await refreshKpiView(pool);
    const { rows: kpi } = await pool.query(
      `SELECT type, tx_count, total_amount::text AS total FROM mv_tenant_kpis WHERE tenant_id = $1 AND month = '2026-03-01' ORDER BY type`,
      [firm.tenantId],
    );
    expect(kpi).toEqual([
      { type: 'CREDIT', tx_count: 2, total: '3845.67' },
      { type: 'DEBIT', tx_count: 2, total: '-1289.90' },
    ]);
    expect(await db.auditLog.count({ where: { tenantId: firm.tenantId, action: 'statement_import.completed' } })).toBe(1);
    expect(await db.notification.count({ where: { tenantId: firm.tenantId, type: 'statement.imported' } })).toBe(1);
    const events = await db.realtimeEvent.findMany({ where: { tenantId: firm.tenantId, type: 'sync_complete', entity: 'import' } });
    expect(events.length).toBe(1);
  });

  it('re-importing the same file, or its XML twin, adds nothing; an overlapping month adds only the new days', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    await importFile(firm, acc, ofxSgml1252(), 'marco.ofx');
    const again = await importFile(firm, acc, ofxSgml1252(), 'marco-de-novo.ofx');
    expect(again.preview).toMatchObject({ newCount: 0, existingCount: 4 });
    expect(again.done.insertedCount).toBe(0);
    const xml = await importFile(firm, acc, ofxXml(), 'marco.xml.ofx');
    expect(xml.preview.newCount).toBe(0);
    const later: OfxTxn[] = [...MARCH_TXNS.slice(2), { posted: '20260306', amount: '77.00', fitid: '202603060001', memo: 'PIX RECEBIDO NOVO' }];
    const overlap = await importFile(firm, acc, ofxSgml1252(later, { start: '20260304', end: '20260306' }), 'marco-fim.ofx');
    expect(overlap.preview).toMatchObject({ rowCount: 3, newCount: 1, existingCount: 2 });
    expect(await liveRows(firm.tenantId, acc)).toHaveLength(5);
  });

  it('a duplicate FITID repeated with the same data counts once; one reused for different data falls back to the fingerprint', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const txns: OfxTxn[] = [
      { posted: '20260310', amount: '100.00', fitid: 'DUP', memo: 'PIX RECEBIDO ANA' },
      { posted: '20260310', amount: '100.00', fitid: 'DUP', memo: 'PIX RECEBIDO ANA' },
      { posted: '20260311', amount: '5.00', fitid: 'SAME', memo: 'TARIFA A' },
      { posted: '20260312', amount: '6.00', fitid: 'SAME', memo: 'TARIFA B' },
    ];
    const { preview } = await importFile(firm, acc, ofxSgml1252(txns), 'dup.ofx');
    expect(preview).toMatchObject({ rowCount: 3, newCount: 3, duplicateCount: 1 });
    expect(preview.warnings.join(' ')).toMatch(/repetido/);
    expect(preview.warnings.join(' ')).toMatch(/SAME/);
    expect(await liveRows(firm.tenantId, acc)).toHaveLength(3);
    const again = await send(firm.users.MEMBER.token, { bytes: ofxSgml1252(txns), name: 'dup.ofx' }, { accountId: acc });
    expect(again.json.import.newCount).toBe(0);
  });
});

describe('CSV import', () => {
  it('";" with decimal comma: suggested mapping, saved for the account, next file in one step', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const { preview } = await importFile(firm, acc, csvSemicolonComma(), 'extrato.csv');
    expect(preview).toMatchObject({ format: 'csv', encoding: 'windows-1252', rowCount: 5, newCount: 5, creditTotal: '1600.00', debitTotal: '-210.25' });
    const rows = await liveRows(firm.tenantId, acc);
    // Two identical PIX of R$ 50,00 on the same day are two transactions.
    expect(rows.filter((r) => r.amount.toFixed(2) === '50.00')).toHaveLength(2);
    expect(rows.find((r) => r.amount.toFixed(2) === '2345.67')).toBeUndefined();
    const saved = await db.statementCsvMapping.findUnique({ where: { accountId: acc } });
    expect(saved?.mapping).toMatchObject({ delimiter: ';', decimal: ',', amount: 3, balance: 4 });
    // A custom mapping (two description columns) is saved and then reused without being sent.
    const custom = { ...(saved!.mapping as object), description: [1, 2] };
    const second = await importFile(firm, acc, csvSemicolonComma(), 'extrato-2.csv', { mapping: JSON.stringify(custom) });
    // Only the rows with a Documento value read differently now (other fingerprints unchanged).
    expect(second.preview.newCount).toBe(2);
    const third = await send(firm.users.MEMBER.token, { bytes: csvSemicolonComma(), name: 'extrato-3.csv' }, { accountId: acc });
    expect(third.json.import.newCount).toBe(0);
  });

  it('separate credit and debit columns', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    await importFile(firm, acc, csvCreditDebit(), 'extrato.csv');
    const rows = await liveRows(firm.tenantId, acc);
    expect(rows.map((r) => [r.amount.toFixed(2), r.type, r.balance?.toFixed(2)])).toEqual([
      ['1500.00', 'CREDIT', '2500.00'],
      ['-89.90', 'DEBIT', '2410.10'],
      ['2345.67', 'CREDIT', '4755.77'],
    ]);
  });

  it('columns that cannot be recognised get the mapping step, with the first rows', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const res = await send(firm.users.MEMBER.token, { bytes: new TextEncoder().encode('c1;c2;c3\nx;y;z\nw;v;u\n'), name: 'estranho.csv' }, { accountId: acc });
    expect(res.status).toBe(200);
    expect(res.json.needsMapping).toBe(true);
    // No header can be told apart from data here: every line is shown.
    expect(res.json.csv.preview.map((r: { cells: string[] }) => r.cells)).toEqual([['c1', 'c2', 'c3'], ['x', 'y', 'z'], ['w', 'v', 'u']]);
    expect(await db.statementImport.count({ where: { tenantId: firm.tenantId, accountId: acc } })).toBe(0);
  });
});

describe('bad files: a 4xx that names the problem, and nothing stored', () => {
  let firm: FirmFixture;
  let acc: string;
  beforeAll(async () => {
    firm = await createFirm(db);
    acc = await newAccount(firm);
  });
  const nothingStored = async () => {
    expect(await db.statementImport.count({ where: { tenantId: firm.tenantId, accountId: acc } })).toBe(0);
    expect(await db.pluggyTransaction.count({ where: { tenantId: firm.tenantId, pluggyAccountDbId: acc } })).toBe(0);
  };

  it('truncated OFX', async () => {
    const res = await send(firm.users.MEMBER.token, { bytes: truncatedOfx(), name: 'cortado.ofx' }, { accountId: acc });
    expect(res.status).toBe(422);
    const err = expectErrorContract(res.json);
    expect(err.message).toMatch(/incompleto .*linha \d+/);
    expect((err.details as { reason: string }).reason).toBe('truncated');
    await nothingStored();
  });

  it('binary file renamed .ofx', async () => {
    const res = await send(firm.users.MEMBER.token, { bytes: binaryFile(), name: 'extrato.ofx' }, { accountId: acc });
    expect(res.status).toBe(422);
    expect(expectErrorContract(res.json).message).toMatch(/binário/);
    await nothingStored();
  });

  it('a CSV with one bad line among good ones names it and imports none', async () => {
    const text = 'Data;Histórico;Valor\n01/03/2026;PIX A;10,00\n02/03/2026;PIX B;dez reais\n03/03/2026;PIX C;5,00\n';
    const res = await send(firm.users.MEMBER.token, { bytes: new TextEncoder().encode(text), name: 'x.csv' }, { accountId: acc });
    expect(res.status).toBe(422);
    const err = expectErrorContract(res.json);
    expect(err.message).toBe('Linha 3: valor "dez reais" inválido na coluna "Valor".');
    expect((err.details as { issues: { line: number }[] }).issues).toEqual([expect.objectContaining({ line: 3 })]);
    await nothingStored();
  });

  it('no file, bad account, another firm’s account, JSON instead of multipart, too large', async () => {
    const token = firm.users.MEMBER.token;
    expect((await send(token, null, { accountId: acc })).status).toBe(422);
    expect((await send(token, { bytes: ofxXml(), name: 'a.ofx' }, { accountId: 'nope' })).status).toBe(422);
    const other = await createFirm(db);
    expect((await send(token, { bytes: ofxXml(), name: 'a.ofx' }, { accountId: await newAccount(other) })).status).toBe(404);
    expect((await send(token, { bytes: ofxXml(), name: 'a.ofx' }, { accountId: firm.accountId })).status).toBe(404); // a Pluggy account
    const json = await call(upload, { method: 'POST', path: '/api/statements/import', token, body: { accountId: acc } });
    expect(json.status).toBe(415);
    const big = new Uint8Array(STATEMENT_MAX_BYTES + 1).fill(0x41);
    const res = await send(token, { bytes: big, name: 'grande.csv' }, { accountId: acc });
    expect(res.status).toBe(413);
    expect(expectErrorContract(res.json).code).toBe('payload_too_large');
    const viewer = await send(firm.users.VIEWER.token, { bytes: ofxXml(), name: 'a.ofx' }, { accountId: acc });
    expect(viewer.status).toBe(403);
    await nothingStored();
  });
});

describe('undo', () => {
  it('soft-deletes the import’s rows, and a later import of the same file brings them back', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const { done } = await importFile(firm, acc, ofxSgml1252(), 'marco.ofx');
    const res = await call(undo, { method: 'POST', path: `/api/statements/imports/${done.id}/undo`, token: firm.users.MEMBER.token, params: { id: done.id }, body: {} });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('UNDONE');
    expect(await liveRows(firm.tenantId, acc)).toHaveLength(0);
    expect(await db.pluggyTransaction.count({ where: { tenantId: firm.tenantId, importId: done.id } })).toBe(4);
    const twice = await call(undo, { method: 'POST', path: `/api/statements/imports/${done.id}/undo`, token: firm.users.MEMBER.token, params: { id: done.id }, body: {} });
    expect(twice.status).toBe(409);
    const back = await importFile(firm, acc, ofxSgml1252(), 'marco.ofx');
    expect(back.preview.newCount).toBe(4);
    expect(await liveRows(firm.tenantId, acc)).toHaveLength(4);
    const history = await call(listImports, { method: 'GET', path: '/api/statements/imports', token: firm.users.VIEWER.token, query: { accountId: acc } });
    expect(history.json.imports.map((i: { status: string }) => i.status)).toEqual(['COMPLETED', 'UNDONE']);
    expect(await db.auditLog.count({ where: { tenantId: firm.tenantId, action: 'statement_import.undone' } })).toBe(1);
  });

  it('is refused with the reason when a row of the import is reconciled', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    const { done } = await importFile(firm, acc, ofxSgml1252(), 'marco.ofx');
    const credit = (await liveRows(firm.tenantId, acc)).find((r) => r.amount.toFixed(2) === '1500.00')!;
    await db.reconciliationRecord.create({
      data: { tenantId: firm.tenantId, pluggyTransactionDbId: credit.id, advboxTransactionId: String(Date.now() % 1e9), amount: '1500.00', score: '90', datePaid: new Date('2026-03-02'), confirmedBy: firm.users.MEMBER.userId },
    });
    const res = await call(undo, { method: 'POST', path: `/api/statements/imports/${done.id}/undo`, token: firm.users.MEMBER.token, params: { id: done.id }, body: {} });
    expect(res.status).toBe(409);
    const err = expectErrorContract(res.json);
    expect(err.message).toMatch(/1 lançamento dela já foi conciliado/);
    expect(err.details).toMatchObject({ reason: 'reconciled', reconciledCount: 1, transactionIds: [credit.id] });
    expect(await liveRows(firm.tenantId, acc)).toHaveLength(4);
  });

  it('confirm is once; another firm cannot see, confirm or undo an import', async () => {
    const a = await createFirm(db);
    const b = await createFirm(db);
    const id = b.statementImportId;
    for (const [h, path] of [
      [getImport, ''],
      [confirm, '/confirm'],
      [undo, '/undo'],
    ] as const) {
      const res = await call(h as RouteHandler, { method: path ? 'POST' : 'GET', path: `/api/statements/imports/${id}${path}`, token: a.users.OWNER.token, params: { id }, body: path ? {} : undefined });
      expect(res.status).toBe(404);
    }
    expect((await db.statementImport.findUniqueOrThrow({ where: { id } })).status).toBe('PREVIEW');
    const first = await call(confirm, { method: 'POST', path: `/api/statements/imports/${id}/confirm`, token: b.users.MEMBER.token, params: { id }, body: {} });
    expect(first.status).toBe(202);
    const second = await call(confirm, { method: 'POST', path: `/api/statements/imports/${id}/confirm`, token: b.users.MEMBER.token, params: { id }, body: {} });
    expect(second.status).toBe(409);
  });
});

describe('overlap with a later Pluggy sync of the same bank account', () => {
  it('links the accounts by branch and number, and the synced rows replace their imported twins', async () => {
    const firm = await createFirm(db);
    const acc = await newAccount(firm);
    await importFile(firm, acc, ofxSgml1252(), 'marco.ofx');
    // A reconciled imported row stays; its synced twin is set aside.
    const reconciledRow = (await liveRows(firm.tenantId, acc)).find((r) => r.amount.toFixed(2) === '2345.67')!;
    await db.reconciliationRecord.create({
      data: { tenantId: firm.tenantId, pluggyTransactionDbId: reconciledRow.id, advboxTransactionId: String((Date.now() + 7) % 1e9), amount: '2345.67', score: '95', datePaid: new Date('2026-03-04'), confirmedBy: firm.users.MEMBER.userId },
    });

    // What a sync of the same account writes (the sync itself is another module; its rows are these).
    const item = await db.pluggyItem.create({ data: { tenantId: firm.tenantId, pluggyItemId: randomUUID(), connectorName: 'Itaú', status: 'UPDATED' } });
    const synced = await db.pluggyAccount.create({
      data: { tenantId: firm.tenantId, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta Corrente', number: '1234/56789-0' },
    });
    const put = (date: string, amount: string, description: string) =>
      db.pluggyTransaction.create({
        data: { tenantId: firm.tenantId, pluggyAccountDbId: synced.id, pluggyTransactionId: randomUUID(), date: new Date(`${date}T00:00:00Z`), description, type: amount.startsWith('-') ? 'DEBIT' : 'CREDIT', amount },
      });
    await put('2026-03-02', '1500.00', 'PIX RECEBIDO MARIA');
    await put('2026-03-04', '-89.90', 'TARIFA'); // one day later than the file says
    const twin = await put('2026-03-04', '2345.67', 'TED ACME');
    await put('2026-03-07', '10.00', 'PIX NOVO'); // after the file
    await afterBankDataChanged(firm.tenantId, { source: 'sync' });

    await waitFor('the manual account to be linked and its twins superseded', async () => {
      const a = await db.pluggyAccount.findUniqueOrThrow({ where: { id: acc } });
      const live = await liveRows(firm.tenantId, acc);
      return a.linkedAccountId === synced.id && live.length === 2 ? live : null;
    });
    const live = await liveRows(firm.tenantId, acc);
    // Kept: the reconciled row, and the cheque Pluggy did not bring.
    expect(live.map((r) => r.amount.toFixed(2)).sort()).toEqual(['-1200.00', '2345.67']);
    expect(await db.pluggyTransaction.findUniqueOrThrow({ where: { id: twin.id } })).toMatchObject({ ignored: true, supersededById: reconciledRow.id });
    // Another synced row of the same amount a day later is a transaction of its own: the pair above is settled.
    const later = await put('2026-03-05', '2345.67', 'TED ACME OUTRA');
    expect(await resolveOverlap(db, firm.tenantId)).toEqual({ linked: 0, superseded: 0, ignoredSynced: 0 });
    expect((await db.pluggyTransaction.findUniqueOrThrow({ where: { id: later.id } })).ignored).toBe(false);
    await db.pluggyTransaction.update({ where: { id: later.id }, data: { deletedAt: new Date() } });
    const superseded = await db.pluggyTransaction.findMany({ where: { pluggyAccountDbId: acc, supersededById: { not: null } } });
    expect(superseded).toHaveLength(2);
    // Each bank transaction is counted once in the KPIs of March.
    await refreshKpiView(pool);
    const { rows } = await pool.query(
      `SELECT type, tx_count, active_total_amount::text AS active FROM mv_tenant_kpis WHERE tenant_id = $1 AND month = '2026-03-01' ORDER BY type`,
      [firm.tenantId],
    );
    expect(rows).toEqual([
      // fixture-free month: 1500 (synced) + 2345.67 (imported, reconciled) + 10 (synced); the synced twin of 2345.67 is ignored
      { type: 'CREDIT', tx_count: 4, active: '3855.67' },
      { type: 'DEBIT', tx_count: 2, active: '-1289.90' },
    ]);
    // Importing the file again adds nothing: its rows exist, or the synced account has them.
    const again = await send(firm.users.MEMBER.token, { bytes: ofxSgml1252(), name: 'marco.ofx' }, { accountId: acc });
    expect(again.json.import).toMatchObject({ rowCount: 4, newCount: 0 });
  });
});
