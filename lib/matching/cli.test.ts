// The command itself, spawned as the outside world runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCpf } from '@/lib/documents';
import { reconcile as reconcileDoc } from './contract';
import { cpf } from './test-kit';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'reconcile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = {
  transactions: [
    { id: 't1', date: '2026-03-04', amount: 1500.0, type: 'CREDIT', description: 'PIX RECEBIDO - JOAO S SILVA', payerName: 'JOAO S SILVA', payerDocument: formatCpf(cpf(1)), payerEmail: null, payerPhone: null },
    { id: 't2', date: '2026-03-04', amount: -200, type: 'DEBIT', description: 'PAGAMENTO DE BOLETO - SABESP' },
    { id: 't3', date: '2026-03-04', amount: 321.09, description: 'PIX RECEBIDO - FULANO DE TAL' },
  ],
  customers: [{ id: 'c1', name: 'João Souza da Silva', document: cpf(1), email: 'joao@example.com.br', phone: '+5511988887777' }],
  receivables: [{ id: 'r1', customerId: 'c1', amount: 1500.0, dueDate: '2026-03-05', description: 'Honorários março' }],
  clientMappings: [{ payerDocument: '98765432100', customerId: 'c1' }],
  rejections: [{ transactionId: 't9', customerId: 'c4' }],
  settings: { weights: {}, thresholds: {} },
};

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function reconcile(args: string[], stdin?: string) {
  return spawnSync(process.execPath, ['scripts/reconcile.mjs', ...args], { cwd: root, input: stdin, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run --silent reconcile', () => {
  it('prints one JSON document with one result per transaction, and nothing else', () => {
    const p = spawnSync('npm', ['run', '--silent', 'reconcile', '--', '--input', file('in.json', JSON.stringify(input))], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const out = JSON.parse(p.stdout) as { results: { transactionId: string; status: string; receivableId: string | null; receivableIds: string[] }[] };
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((r) => r.transactionId)).toEqual(['t1', 't2', 't3']);
    expect(out.results.map((r) => r.status)).toEqual(['auto', 'unmatched', 'unmatched']);
    for (const r of out.results) expect(r.receivableId).toBe(r.receivableIds[0] ?? null);
  });

  it('reads stdin with --input -', () => {
    const p = reconcile(['--input', '-'], JSON.stringify(input));
    expect(p.status).toBe(0);
    expect((JSON.parse(p.stdout) as { results: unknown[] }).results).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{"transactions": [', /not JSON/],
    ['missing arrays', JSON.stringify({ transactions: [] }), /customers: missing/],
    ['wrong types', JSON.stringify({ ...input, transactions: [{ ...input.transactions[0], amount: '1500' }] }), /transactions\[0\]\.amount/],
    ['a JSON array', '[]', /expected an object/],
  ])('bad input (%s): non-zero exit, a message on stderr, nothing on stdout', (_why, text, message) => {
    const p = reconcile(['--input', file('bad.json', text)]);
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toMatch(message);
  });

  // The command streams its output (debits written from one template);
  // the bytes must be JSON.stringify's of the whole document all the same.
  it('prints exactly JSON.stringify of the results, debits and numeric ids included, over many batches', () => {
    const input = (JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'golden.json'), 'utf8')) as { input: { transactions: { id: string }[] } }).input;
    // Four copies of the golden statement: several batches of results.
    const golden = { ...input, transactions: [0, 1, 2, 3].flatMap((k) => input.transactions.map((t) => ({ ...t, id: `${t.id}-${k}` }))) };
    const numeric = JSON.parse(JSON.stringify(golden)) as { transactions: { id: unknown; payerName?: string | null }[] };
    numeric.transactions.forEach((t, i) => (t.id = i + 1));
    // A payer name that spells the writer's placeholder for a debit, echoed in a message.
    const tricky = JSON.parse(JSON.stringify(golden)) as typeof numeric;
    tricky.transactions.forEach((t, i) => i % 7 === 0 && (t.payerName = 'ANA ,-1.000125, SILVA'));
    for (const doc of [golden, numeric, tricky]) {
      expect(doc.transactions.length).toBeGreaterThan(1000);
      const p = spawnSync(process.execPath, ['scripts/reconcile.mjs', '--input', file('many.json', JSON.stringify(doc))], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
      expect(p.status).toBe(0);
      expect(p.stdout).toBe(`${JSON.stringify(reconcileDoc(doc))}\n`);
    }
  });

  it('a missing file or argument is bad input too', () => {
    for (const args of [['--input', join(dir, 'nope.json')], [], ['--inptu', 'x']]) {
      const p = reconcile(args);
      expect(p.status, args.join(' ')).toBe(2);
      expect(p.stdout).toBe('');
      expect(p.stderr).toMatch(/^reconcile: /);
    }
  });
});
