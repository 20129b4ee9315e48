import { describe, expect, it } from 'vitest';
import { formatCpf } from '@/lib/documents';
import { InputError, reconcile, settingsFromContract, type ReconcileInput } from './contract';
import { cpf } from './test-kit';

const doc = cpf(1);

function example(): ReconcileInput {
  return {
    transactions: [
      { id: 't1', date: '2026-03-04', amount: 1500.0, type: 'CREDIT', description: 'PIX RECEBIDO - JOAO S SILVA', payerName: 'JOAO S SILVA', payerDocument: formatCpf(doc), payerEmail: null, payerPhone: null },
      { id: 't2', date: '2026-03-05T14:00:00Z', amount: -80.5, description: 'TARIFA PACOTE DE SERVICOS' },
    ],
    customers: [{ id: 'c1', name: 'João Souza da Silva', document: doc, email: 'joao@example.com.br', phone: '+5511988887777' }],
    receivables: [{ id: 'r1', customerId: 'c1', amount: 1500.0, dueDate: '2026-03-05', description: 'Honorários março' }],
    clientMappings: [{ payerDocument: '98765432100', customerId: 'c1' }],
    rejections: [{ transactionId: 't9', customerId: 'c4' }],
    settings: { weights: {}, thresholds: {} },
  };
}

const bad = (mutate: (d: Record<string, unknown>) => void) => {
  const d = example() as unknown as Record<string, unknown>;
  mutate(d);
  return () => reconcile(d);
};

describe('reconcile(): the command’s contract', () => {
  it('gives exactly one result per transaction, in input order, with the documented shape', () => {
    const out = reconcile(example());
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((r) => r.transactionId)).toEqual(['t1', 't2']);
    const [t1, t2] = out.results;
    expect(t1).toMatchObject({ customerId: 'c1', receivableId: 'r1', receivableIds: ['r1'], status: 'auto' });
    expect(Object.keys(t1!).sort()).toEqual(['alternatives', 'customerId', 'reasons', 'receivableId', 'receivableIds', 'score', 'status', 'transactionId']);
    expect(t2).toMatchObject({ customerId: null, receivableId: null, receivableIds: [], status: 'unmatched' });
    for (const r of out.results) expect(r.score >= 0 && r.score <= 1).toBe(true);
  });

  it('accepts absent optional fields (rejections, settings, nullable ones)', () => {
    const out = reconcile({
      transactions: [{ id: 't1', date: '2026-03-04', amount: 1500 }],
      customers: [{ id: 'c1', name: 'Ana' }],
      receivables: [],
      clientMappings: [],
    });
    expect(out.results).toHaveLength(1);
  });

  it('echoes integer ids as integers (Advbox ids are integers)', () => {
    const out = reconcile({
      transactions: [{ id: 7, date: '2026-03-04', amount: 1500, payerName: 'JOAO SOUZA DA SILVA', payerDocument: doc }],
      customers: [{ id: 9100001, name: 'João Souza da Silva', document: doc }],
      receivables: [{ id: 17800001, customerId: 9100001, amount: 1500, dueDate: '2026-03-04' }],
      clientMappings: [],
    });
    expect(out.results[0]).toMatchObject({ transactionId: 7, customerId: 9100001, receivableId: 17800001, receivableIds: [17800001] });
  });

  it.each([
    ['not an object', () => reconcile([1, 2])],
    ['a missing array', bad((d) => delete d.customers)],
    ['an array of the wrong type', bad((d) => (d.transactions = 'x'))],
    ['a string amount', bad((d) => ((d.transactions as Record<string, unknown>[])[0]!.amount = '1500'))],
    ['a bad date', bad((d) => ((d.transactions as Record<string, unknown>[])[0]!.date = '2026-02-30'))],
    ['a missing id', bad((d) => delete (d.customers as Record<string, unknown>[])[0]!.id)],
    ['a duplicate transaction id', bad((d) => ((d.transactions as Record<string, unknown>[])[1]!.id = 't1'))],
    ['a receivable of no customer', bad((d) => ((d.receivables as Record<string, unknown>[])[0]!.customerId = 'c9'))],
    ['a non-positive receivable', bad((d) => ((d.receivables as Record<string, unknown>[])[0]!.amount = 0))],
    ['an unknown type', bad((d) => ((d.transactions as Record<string, unknown>[])[0]!.type = 'PIX'))],
    ['a rejection naming nothing', bad((d) => (d.rejections = [{ customerId: 'c1' }]))],
    ['a negative weight', bad((d) => (d.settings = { weights: { name: -1 } }))],
    ['medium above high', bad((d) => (d.settings = { thresholds: { high: 60, medium: 85 } }))],
    ['a weight that is no number', bad((d) => (d.settings = { weights: { name: '25' } } as never))],
    ['settings that are no object', bad((d) => (d.settings = [40, 25] as never))],
    ['thresholds that are no object', bad((d) => (d.settings = { thresholds: 85 } as never))],
  ])('refuses %s with an InputError naming the field', (_why, call) => {
    expect(call).toThrow(InputError);
  });

  it('names the field in the message', () => {
    expect(bad((d) => ((d.transactions as Record<string, unknown>[])[0]!.amount = '1500'))).toThrow('transactions[0].amount: expected a number, got a string');
    expect(bad((d) => delete d.clientMappings)).toThrow('clientMappings: missing (expected an array)');
    expect(bad((d) => (d.settings = { weights: { name: -1 } }))).toThrow('settings.weights.name: expected a number ≥ 0, got -1');
  });
});

describe('settings in the contract', () => {
  it('thresholds as 0–100 or 0–1; weights as percentages or shares; TenantSettings names too', () => {
    const a = settingsFromContract({ weights: { document: 40, name: 25, contact: 5, amount: 20, date: 10 }, thresholds: { high: 85, medium: 60 } });
    const b = settingsFromContract({ weights: { document: 0.4, name: 0.25, contact: 0.05, amount: 0.2, date: 0.1 }, thresholds: { high: 0.85, medium: 0.6 } });
    const c = settingsFromContract({ weights: { weightDocument: 40, weightName: 25, weightContact: 5, weightAmount: 20, weightDate: 10 }, thresholds: { thresholdHigh: 85, thresholdMedium: 60 } });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(settingsFromContract(undefined)).toEqual(a);
  });

  it('a partial weights object keeps the other defaults', () => {
    const s = settingsFromContract({ weights: { contact: 15 } });
    // 40 + 25 + 15 + 20 + 10 = 110, scaled to 100.
    expect(s.weights.contact).toBeCloseTo((15 * 100) / 110, 6);
  });

  it('changing the thresholds changes the status', () => {
    const d = example();
    d.settings = { thresholds: { high: 0.999, medium: 0.5 } };
    expect(reconcile(d).results[0]!.status).toBe('suggested');
  });

  it('accepts the engine knobs by name', () => {
    expect(settingsFromContract({ feeToleranceCents: 500, autoMarginPoints: 8 })).toMatchObject({ feeToleranceCents: 500, autoMarginPoints: 8 });
  });
});
