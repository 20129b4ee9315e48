// Statement import figures: parsing (OFX SGML Windows-1252, CSV) of a large
// generated file, and the import path against a scratch database (preview,
// the job's insert in one transaction, re-import preview, undo). Reference:
// decoding the same bytes with TextDecoder (the floor any parser pays).
//
//   npm run bench:statements                 # 20,000 transactions
//   npm run bench:statements -- --rows 5000
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { stopBoss } from '@/lib/jobs/boss';
import { resetRuntime } from '@/lib/events/runtime';
import { getPrisma } from '@/lib/prisma';
import { createManualAccount } from '@/lib/statements/accounts';
import { analyzeCsv, applyCsvMapping } from '@/lib/statements/csv';
import { keyRows } from '@/lib/statements/keys';
import { parseOfx } from '@/lib/statements/ofx';
import { previewImport, runImport, undoImport } from '@/lib/statements/imports';
import { ofxSgml1252, type OfxTxn } from '@/test/statements/fixtures';
import { int, ms, table } from './lib/table';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } } });
const N = Number(args.rows);
const ROUNDS = Number(args.rounds);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function median(fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

function txns(n: number): OfxTxn[] {
  const out: OfxTxn[] = [];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const cents = 1000 + ((i * 7919) % 500000);
    const credit = i % 3 !== 0;
    out.push({ posted: `202603${day}100000[-3:BRT]`, amount: `${credit ? '' : '-'}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, fitid: `F${i}`, memo: credit ? `PIX RECEBIDO CLIENTE ${i} DA SILVA AÇÃO` : `PAGAMENTO FORNECEDOR ${i}` });
  }
  return out;
}

async function main(): Promise<void> {
  const ofx = ofxSgml1252(txns(N));
  const csvText = ['Data;Histórico;Valor;Saldo', ...txns(N).map((t) => `${t.posted.slice(6, 8)}/03/2026;${t.memo};${t.amount.replace('.', ',')};0,00`)].join('\n');
  const csv = new TextEncoder().encode(csvText);
  const rows: (string | number)[][] = [];
  const ref = median(() => new TextDecoder('windows-1252').decode(ofx));
  rows.push([`TextDecoder windows-1252 (reference), ${(ofx.byteLength / 1e6).toFixed(1)} MB`, ms(ref), '-']);
  const ofxMs = median(() => keyRows(parseOfx(ofx)[0]!.rows));
  rows.push([`OFX 1.02 SGML parse + keys, ${int(N)} rows`, ms(ofxMs), int((N / ofxMs) * 1000)]);
  const csvMs = median(() => {
    const a = analyzeCsv(csv);
    keyRows(applyCsvMapping(csv, a.suggested!).rows);
  });
  rows.push([`CSV analyse + map + keys, ${int(N)} rows (${(csv.byteLength / 1e6).toFixed(1)} MB)`, ms(csvMs), int((N / csvMs) * 1000)]);
  console.log(`\n1. Parsing (median of ${ROUNDS})\n`);
  console.log(table(['what', 'time', 'rows/s'], rows));

  const scratch = await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench_statements' });
  process.env.DATABASE_URL = scratch.url;
  resetEnvCache();
  try {
    const db = getPrisma();
    const tenant = await db.tenant.create({ data: { name: 'Bench', slug: `bench-${randomUUID().slice(0, 8)}`, settings: { create: {} } } });
    const actorId = randomUUID();
    const acc = await createManualAccount(db, { tenantId: tenant.id, actorId, input: { name: 'Conta', bankName: 'Banco', number: '12345-6' } });
    const [pMs, p] = await timed(() => previewImport(db, { tenantId: tenant.id, actorId, accountId: acc.id, fileName: 'big.ofx', bytes: ofx, mapping: null }));
    if (p.needsMapping) throw new Error('unexpected');
    await db.statementImport.update({ where: { id: p.import.id }, data: { status: 'QUEUED' } });
    const [iMs, r] = await timed(() => runImport(db, { tenantId: tenant.id, importId: p.import.id }));
    const [p2Ms, p2] = await timed(() => previewImport(db, { tenantId: tenant.id, actorId, accountId: acc.id, fileName: 'big.ofx', bytes: ofx, mapping: null }));
    const [uMs] = await timed(() => undoImport(db, { tenantId: tenant.id, actorId, id: p.import.id }));
    // Reference: the same number of rows in one multi-row INSERT per 500 through the same client, no import logic.
    const [refMs] = await timed(async () => {
      await db.$transaction(async (tx) => {
        for (let i = 0; i < N; i += 500) {
          await tx.pluggyTransaction.createMany({
            data: Array.from({ length: Math.min(500, N - i) }, (_, k) => ({ tenantId: tenant.id, pluggyAccountDbId: acc.id, pluggyTransactionId: `ref:${i + k}`, date: new Date('2026-03-01'), description: 'REF', type: 'CREDIT' as const, amount: '1.00' })),
          });
        }
      }, { timeout: 300_000 });
    });
    console.log(`\n2. Import path, one run each (${int(N)} rows, scratch database)\n`);
    console.log(
      table(
        ['what', 'time', 'rows/s'],
        [
          [`reference: Prisma createMany, ${int(N)} minimal rows, one transaction`, ms(refMs), int((N / refMs) * 1000)],
          ['preview (parse, key, classify against the account, store)', ms(pMs), int((N / pMs) * 1000)],
          [`job: insert ${int(r.inserted)} rows in one transaction (batches of 500)`, ms(iMs), int((r.inserted / iMs) * 1000)],
          [`re-import preview (all ${int(p2.needsMapping ? 0 : p2.import.existingCount)} existing)`, ms(p2Ms), int((N / p2Ms) * 1000)],
          ['undo (soft-delete every row)', ms(uMs), int((N / uMs) * 1000)],
        ],
      ),
    );
  } finally {
    await resetRuntime().catch(() => undefined);
    await stopBoss({ timeoutMs: 2000 }).catch(() => undefined);
    await getPrisma().$disconnect().catch(() => undefined);
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
