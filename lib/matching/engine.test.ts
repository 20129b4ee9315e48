// Hand-written cases, as a firm's statement and Advbox would have them: each
// signal and distortion, the decisions (auto / suggested / unmatched), the
// assignment and the explanation. Held-out style: none of these comes from
// the book generator the bench tunes on.
import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits, formatCpf } from '@/lib/documents';
import { generateBook } from '@/lib/synthetic/book';
import { createRng } from '@/lib/synthetic/rng';
import { matchTransactions } from './engine';
import { labelledInput } from './labelled';
import { parseInputDocument } from './contract-input';
import { resolveSettings } from './settings';
import { client, cnpj, cpf, credit, due, only, reason, run } from './test-kit';
import { CRITERIA } from './types';

const JOAO = cpf(1);
const MARIA_A = cpf(2);
const MARIA_B = cpf(3);
const STRANGER = cpf(4);
const SPOUSE = cpf(5);

const joao = client('c1', 'João Souza da Silva', { document: JOAO, email: 'joao@example.com.br', phone: '+5511988887777' });

describe('a clean payment', () => {
  const r = only({
    transactions: [credit('t1', { description: 'PIX RECEBIDO - JOAO S SILVA', payerName: 'JOAO S SILVA', payerDocument: formatCpf(JOAO) })],
    customers: [joao],
    receivables: [due('r1', 'c1', 150_000, '2026-03-05')],
  });

  it('is auto, to the right client and receivable', () => {
    expect(r).toMatchObject({ transactionId: 't1', customerId: 'c1', receivableId: 'r1', receivableIds: ['r1'], status: 'auto' });
    expect(r.score).toBeGreaterThan(0.95);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('is explained with one entry per criterion, in pt-BR, the CPF masked', () => {
    expect(r.reasons.map((x) => x.criterion)).toEqual(CRITERIA);
    for (const x of r.reasons) {
      expect(Object.keys(x).sort()).toEqual(['criterion', 'matched', 'maxPoints', 'message', 'points']);
      expect(x.points).toBeLessThanOrEqual(x.maxPoints);
    }
    expect(reason(r, 'document')).toMatchObject({ points: 40, maxPoints: 40, matched: true });
    expect(reason(r, 'document').message).toContain(`***.${JOAO.slice(3, 6)}.${JOAO.slice(6, 9)}-**`);
    expect(JSON.stringify(r)).not.toContain(JOAO);
    expect(JSON.stringify(r)).not.toContain(formatCpf(JOAO));
    expect(reason(r, 'contact')).toMatchObject({ maxPoints: 0, matched: false }); // nothing to compare
    expect(reason(r, 'date').message).toBe('Pago 1 dia antes do vencimento (05/03/2026).');
    const sum = r.reasons.reduce((a, x) => a + x.points, 0) / r.reasons.reduce((a, x) => a + x.maxPoints, 0);
    expect(sum).toBeCloseTo(r.score, 3);
  });
});

describe('names', () => {
  it('name alone, however exact, is never auto', () => {
    const r = only({
      transactions: [credit('t1', { description: 'PIX RECEBIDO - JOAO SOUZA DA SILVA' })],
      customers: [joao],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c1', receivableIds: ['r1'], status: 'suggested' });
    expect(reason(r, 'document').maxPoints).toBe(0);
  });

  it('homonyms without a document: a suggestion naming the other as alternative, never auto', () => {
    const r = only({
      transactions: [credit('t1', { payerName: 'MARIA SANTOS', description: 'PIX RECEBIDO - MARIA SANTOS' })],
      customers: [client('c1', 'Maria Santos', { document: MARIA_A }), client('c2', 'Maria Santos', { document: MARIA_B })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-05'), due('r2', 'c2', 150_000, '2026-03-04')],
    });
    expect(r.status).toBe('suggested');
    expect(r.alternatives.map((a) => a.customerId)).toContain(r.customerId === 'c1' ? 'c2' : 'c1');
  });

  it('homonyms, one of them the payer by document: auto to that one', () => {
    const r = only({
      transactions: [credit('t1', { payerName: 'MARIA SANTOS', payerDocument: MARIA_B })],
      customers: [client('c1', 'Maria Santos', { document: MARIA_A }), client('c2', 'Maria Santos', { document: MARIA_B })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04'), due('r2', 'c2', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c2', receivableIds: ['r2'], status: 'auto' });
  });

  it('a stranger with a client’s exact name and no document is not auto', () => {
    const r = only({
      transactions: [credit('t1', { description: 'TED RECEBIDA - MARIA SANTOS' })],
      customers: [client('c1', 'Maria Santos', { document: MARIA_A })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r.status).not.toBe('auto');
  });

  it('a stranger with a client’s exact name and their own CPF is not claimed', () => {
    const r = only({
      transactions: [credit('t1', { payerName: 'MARIA SANTOS', payerDocument: STRANGER })],
      customers: [client('c1', 'Maria Santos', { document: MARIA_A })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ status: 'unmatched', customerId: null });
  });

  it('a name the bank truncated and abbreviated, with the document, is auto', () => {
    const r = only({
      transactions: [credit('t1', { payerName: 'MARIA A DOS SANTOS OLI', payerDocument: MARIA_A })],
      customers: [client('c1', 'Maria Aparecida dos Santos Oliveira', { document: MARIA_A })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r.status).toBe('auto');
  });

  it('a name only in the description, mangled beyond the word index, is still found by amount', () => {
    const r = only({
      transactions: [credit('t1', { description: 'PIX RECEB JAOO SILAV' })],
      customers: [client('c1', 'João Silva')],
      receivables: [due('r1', 'c1', 123_456, '2026-03-04')],
      // amount only this client's receivable has
    });
    expect(r.customerId === 'c1' || r.status === 'unmatched').toBe(true);
  });
});

describe('companies', () => {
  const acme = client('c1', 'Construtora Almeida Ltda', { document: cnpj(1) });

  it.each(['CONSTRUTORA ALMEIDA', 'CONSTRUTORA ALMEIDA ME', 'CONSTRUTORA ALMEIDA EIRELI', 'CONSTRUTORA ALMEIDA S.A.'])('%s with the CNPJ is auto', (payerName) => {
    const r = only({ transactions: [credit('t1', { payerName, payerDocument: cnpj(1) })], customers: [acme], receivables: [due('r1', 'c1', 150_000, '2026-03-04')] });
    expect(r.status).toBe('auto');
  });

  it('a firm named only in the description, its "S.A." cut to "S.", is found by name', () => {
    const r = only({
      transactions: [credit('t1', { description: 'PIX RECEBIDO - CARDOSO & GONCALVES S.' })],
      customers: [client('c1', 'Cardoso & Gonçalves S.A.', { document: cnpj(2) }), client('c2', 'Maria Silva')],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04'), due('r2', 'c2', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c1', status: 'suggested', receivableIds: ['r1'] });
  });

  it('another branch of the client (same CNPJ root) is a suggestion', () => {
    const base = `${cnpj(1).slice(0, 8)}0002`;
    const r = only({
      transactions: [credit('t1', { payerName: 'CONSTRUTORA ALMEIDA LTDA', payerDocument: base + cnpjCheckDigits(base) })],
      customers: [acme],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c1', status: 'suggested' });
    expect(reason(r, 'document').message).toContain('filial');
  });
});

describe('amounts', () => {
  const base = { customers: [joao] };
  const pay = (amountCents: number) => credit('t1', { payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO, amountCents });

  it('short by a withheld bank fee: still auto', () => {
    const r = only({ ...base, transactions: [pay(149_650)], receivables: [due('r1', 'c1', 150_000, '2026-03-04')] });
    expect(r).toMatchObject({ status: 'auto', receivableIds: ['r1'] });
    expect(reason(r, 'amount').message).toContain('tarifa');
  });

  it('a credit below the receivable is at most a suggested partial payment', () => {
    const r = only({ ...base, transactions: [pay(50_000)], receivables: [due('r1', 'c1', 150_000, '2026-03-04')] });
    expect(r).toMatchObject({ status: 'suggested', receivableIds: ['r1'] });
    expect(reason(r, 'amount').message).toMatch(/^Pagamento parcial/);
  });

  it('a partial payment is not proposed on a name alone', () => {
    const r = only({
      ...base,
      transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA', amountCents: 50_000 })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r.receivableIds).toEqual([]);
  });

  it('one credit for two or three instalments of one client pays all of them', () => {
    const receivables = [due('r1', 'c1', 100_000, '2026-03-05'), due('r2', 'c1', 100_000, '2026-04-05'), due('r3', 'c1', 100_000, '2026-05-05')];
    expect(only({ ...base, transactions: [pay(200_000)], receivables })).toMatchObject({ receivableIds: ['r1', 'r2'], receivableId: 'r1', status: 'auto' });
    expect(only({ ...base, transactions: [pay(300_000)], receivables })).toMatchObject({ receivableIds: ['r1', 'r2', 'r3'] });
  });

  it('a split never mixes clients', () => {
    const r = only({
      customers: [joao, client('c2', 'Maria Santos', { document: MARIA_A })],
      transactions: [pay(200_000)],
      receivables: [due('r1', 'c1', 100_000, '2026-03-04'), due('r2', 'c2', 100_000, '2026-03-04')],
    });
    expect(r.receivableIds).not.toEqual(['r1', 'r2']);
  });

  it('a receivable overdue beyond the late window: proposed for a payer known by document, never on a name alone', () => {
    const receivables = [due('r1', 'c1', 150_000, '2025-12-01')];
    expect(only({ ...base, transactions: [pay(150_000)], receivables })).toMatchObject({ status: 'suggested', receivableIds: ['r1'] });
    const named = only({ ...base, transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA', amountCents: 150_000 })], receivables });
    expect(named.receivableIds).toEqual([]);
  });

  it('a little over (a late boleto’s fine and interest) is a suggestion', () => {
    const r = only({ ...base, transactions: [pay(154_500)], receivables: [due('r1', 'c1', 150_000, '2026-02-20')] });
    expect(r).toMatchObject({ status: 'suggested', receivableIds: ['r1'] });
  });

  it('a known client with no receivable that fits: the client, no receivable, suggested at most', () => {
    const r = only({ ...base, transactions: [pay(777_700)], receivables: [due('r1', 'c1', 150_000, '2026-03-04')] });
    expect(r).toMatchObject({ customerId: 'c1', receivableId: null, receivableIds: [], status: 'suggested' });
  });
});

describe('dates and the margin rule', () => {
  const pay = (date: string, id = 't1') => credit(id, { date, payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO });

  it('the instalment due nearest the payment', () => {
    const r = only({ customers: [joao], transactions: [pay('2026-04-04')], receivables: [due('r1', 'c1', 150_000, '2026-03-05'), due('r2', 'c1', 150_000, '2026-04-05')] });
    expect(r.receivableIds).toEqual(['r2']);
  });

  it('another open instalment the credit could as well pay makes it a suggestion, not auto', () => {
    const r = only({ customers: [joao], transactions: [pay('2026-03-25')], receivables: [due('r1', 'c1', 150_000, '2026-03-05'), due('r2', 'c1', 150_000, '2026-04-05')] });
    expect(r.status).toBe('suggested');
    expect(r.alternatives.length).toBeGreaterThan(0);
  });

  it('an older overdue instalment of the same amount still open: which one is paid is a person’s call', () => {
    // Dates alone favour r2 by more than the margin; the credit could still be r1 paid late.
    const r = only({ customers: [joao], transactions: [pay('2026-04-05')], receivables: [due('r1', 'c1', 150_000, '2026-03-08'), due('r2', 'c1', 150_000, '2026-04-05')] });
    expect(r).toMatchObject({ receivableIds: ['r2'], status: 'suggested' });
    expect(r.alternatives.map((a) => a.receivableIds)).toContainEqual(['r1']);
  });

  it('two credits that could swap two instalments are both suggestions; each gets one', () => {
    const results = run({
      customers: [joao],
      transactions: [pay('2026-03-25', 't1'), pay('2026-03-26', 't2')],
      receivables: [due('r1', 'c1', 150_000, '2026-03-05'), due('r2', 'c1', 150_000, '2026-04-05')],
    });
    const [a, b] = [results.get('t1')!, results.get('t2')!];
    expect(new Set([...a.receivableIds, ...b.receivableIds])).toEqual(new Set(['r1', 'r2']));
    expect([a.status, b.status]).toEqual(['suggested', 'suggested']);
  });

  it('ties between two equally good clients: a suggestion, the same one whatever the order', () => {
    const customers = [client('c2', 'Maria Santos'), client('c1', 'Maria Santos')];
    const input = {
      transactions: [credit('t1', { payerName: 'MARIA SANTOS' })],
      receivables: [due('r2', 'c2', 150_000, '2026-03-04'), due('r1', 'c1', 150_000, '2026-03-04')],
    };
    const a = only({ ...input, customers });
    const b = only({ ...input, customers: [...customers].reverse(), receivables: [...input.receivables].reverse() });
    expect(a.status).toBe('suggested');
    expect(a).toEqual(b);
    expect(a.customerId).toBe('c1');
  });
});

describe('one-to-one assignment', () => {
  it('one receivable is paid by one credit; the better claim wins it', () => {
    const results = run({
      customers: [joao],
      transactions: [
        credit('t1', { payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO, date: '2026-03-05' }),
        credit('t2', { payerName: 'JOAO SOUZA DA SILVA', date: '2026-03-05' }),
      ],
      receivables: [due('r1', 'c1', 150_000, '2026-03-05')],
    });
    expect(results.get('t1')!.receivableIds).toEqual(['r1']);
    expect(results.get('t2')!.receivableIds).not.toContain('r1');
  });

  it('does not depend on input order (a generated book, shuffled)', () => {
    const book = generateBook({ seed: 5, customers: 600, anchorDate: '2026-11-30', openWindowDays: 60, debitShare: 0.3 });
    const { input } = labelledInput(book, { queueDays: 60 });
    const parsed = parseInputDocument(input).input;
    const rng = createRng(1);
    const shuffle = <T>(xs: readonly T[]) => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const sorted = matchTransactions(parsed).results;
    const shuffled = matchTransactions({
      ...parsed,
      transactions: shuffle(parsed.transactions),
      customers: shuffle(parsed.customers),
      receivables: shuffle(parsed.receivables),
      clientMappings: shuffle(parsed.clientMappings),
    }).results;
    const byId = new Map(shuffled.map((r) => [r.transactionId, r]));
    expect(sorted.length).toBeGreaterThan(100);
    for (const r of sorted) expect(byId.get(r.transactionId)).toEqual(r);
    const paid = sorted.flatMap((r) => r.receivableIds);
    expect(new Set(paid).size).toBe(paid.length);
  });
});

describe('mappings, relatives and rejections', () => {
  it('a relative whose document the firm mapped to the client: auto when the amount fits', () => {
    const r = only({
      customers: [joao],
      clientMappings: [{ payerDocument: formatCpf(SPOUSE), customerId: 'c1' }],
      transactions: [credit('t1', { payerName: 'ANA PAULA LIMA', payerDocument: SPOUSE })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c1', receivableIds: ['r1'], status: 'auto' });
    expect(reason(r, 'document').message).toContain('vinculado');
  });

  it('one payer mapped to two clients (a parent paying for two children): the amount decides', () => {
    const r = only({
      customers: [joao, client('c2', 'Pedro Souza da Silva', { document: cpf(6) })],
      clientMappings: [
        { payerDocument: SPOUSE, customerId: 'c1' },
        { payerDocument: SPOUSE, customerId: 'c2' },
      ],
      transactions: [credit('t1', { payerName: 'ANA SILVA', payerDocument: SPOUSE, amountCents: 80_000 })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04'), due('r2', 'c2', 80_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ customerId: 'c2', receivableIds: ['r2'] });
  });

  it('a relative with the client’s surname and no mapping: at most a suggestion', () => {
    const r = only({
      customers: [joao, client('c2', 'Carlos Nunes', { document: cpf(7) })],
      transactions: [credit('t1', { payerName: 'ANA SILVA', payerDocument: SPOUSE, amountCents: 123_456 })],
      receivables: [due('r1', 'c1', 123_456, '2026-03-04'), due('r2', 'c2', 99_000, '2026-03-04')],
    });
    expect(r.status).not.toBe('auto');
    if (r.status === 'suggested') expect(r.customerId).toBe('c1');
  });

  it('a rejected (transaction, client) pair is never proposed again, not even as an alternative', () => {
    const input = {
      customers: [joao],
      transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    };
    expect(only(input).customerId).toBe('c1');
    const r = only({ ...input, rejections: [{ transactionId: 't1', customerId: 'c1' }] });
    expect(r).toMatchObject({ customerId: null, status: 'unmatched', alternatives: [] });
  });

  it('a rejected (payer document, client) pair holds for every credit from that document', () => {
    const input = {
      customers: [joao, client('c2', 'Ana Lima', { document: cpf(8) })],
      clientMappings: [{ payerDocument: SPOUSE, customerId: 'c1' }],
      rejections: [{ payerDocument: formatCpf(SPOUSE), customerId: 'c1' }],
      transactions: [credit('t1', { payerName: 'ANA LIMA', payerDocument: SPOUSE }), credit('t2', { payerName: 'ANA LIMA', payerDocument: SPOUSE, date: '2026-04-04' })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04'), due('r2', 'c1', 150_000, '2026-04-04')],
    };
    for (const r of run(input).values()) {
      expect(r.customerId).not.toBe('c1');
      expect(r.alternatives.map((a) => a.customerId)).not.toContain('c1');
    }
  });
});

describe('what is not a client payment', () => {
  it('debits are never matched, even from a client’s document', () => {
    for (const t of [
      credit('t1', { amountCents: -150_000, payerDocument: JOAO, payerName: 'JOAO SOUZA DA SILVA' }),
      credit('t1', { type: 'DEBIT', amountCents: 150_000, payerDocument: JOAO }),
    ]) {
      const r = only({ customers: [joao], transactions: [t], receivables: [due('r1', 'c1', 150_000, '2026-03-04')] });
      expect(r).toMatchObject({ customerId: null, receivableIds: [], status: 'unmatched', score: 0, alternatives: [] });
      expect(reason(r, 'amount').message).toMatch(/^Débito/);
    }
  });

  it('yield, refunds and own transfers are no payment from anyone', () => {
    const r = only({
      customers: [joao],
      transactions: [credit('t1', { description: 'RENDIMENTO APLICACAO AUTOMATICA', amountCents: 150_000 })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(r).toMatchObject({ status: 'unmatched', customerId: null });
  });

  it('a boleto settled with no payer data: a suggestion when only one client’s receivable fits', () => {
    const customers = [joao, client('c2', 'Maria Santos')];
    const t = credit('t1', { description: 'LIQUIDACAO DE COBRANCA', amountCents: 123_456 });
    const one = only({ customers, transactions: [t], receivables: [due('r1', 'c1', 123_456, '2026-03-04'), due('r2', 'c2', 99_900, '2026-03-04')] });
    expect(one).toMatchObject({ customerId: 'c1', receivableIds: ['r1'], status: 'suggested' });
    const two = only({ customers, transactions: [t], receivables: [due('r1', 'c1', 123_456, '2026-03-04'), due('r2', 'c2', 123_456, '2026-03-03')] });
    expect(two).toMatchObject({ customerId: null, status: 'unmatched' });
    expect(two.alternatives.map((a) => a.customerId).sort()).toEqual(['c1', 'c2']);
  });
});

describe('contacts', () => {
  it('a PIX key that is the client’s phone, in the document field, is a contact match', () => {
    const r = only({
      customers: [joao],
      transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA', payerDocument: '+5511988887777' })],
      receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
    });
    expect(reason(r, 'contact')).toMatchObject({ matched: true, maxPoints: 5 });
    expect(reason(r, 'document').maxPoints).toBe(0);
    expect(r.customerId).toBe('c1');
  });
});

describe('settings', () => {
  const input = {
    customers: [joao],
    transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA', payerDocument: JOAO })],
    receivables: [due('r1', 'c1', 150_000, '2026-03-04')],
  };

  it('thresholds decide the status', () => {
    expect(only(input).status).toBe('auto');
    // Only what scores 100 % may be auto, and this one does: raise medium above its score instead.
    expect(only({ ...input, transactions: [credit('t1', { payerName: 'JOAO S SILVA', payerDocument: JOAO })] }, { thresholds: { high: 99, medium: 60 } }).status).toBe('suggested');
    expect(only({ ...input, transactions: [credit('t1', { payerName: 'JOAO SOUZA DA SILVA' })] }, { thresholds: { high: 99, medium: 99 } }).status).toBe('suggested');
  });

  it('weights are relative and scaled to 100', () => {
    const s = resolveSettings({ weights: { document: 4, name: 2.5, contact: 0.5, amount: 2, date: 1 } });
    expect(s.weights).toEqual({ document: 40, name: 25, contact: 5, amount: 20, date: 10 });
    expect(() => resolveSettings({ thresholds: { high: 50, medium: 70 } })).toThrow(RangeError);
    expect(() => resolveSettings({ weights: { document: -1 } })).toThrow(RangeError);
  });

  it('a weight of zero takes a criterion out of the score (the document still proves who paid)', () => {
    const r = only({ ...input, transactions: [credit('t1', { payerName: 'JOAO S SILVA', payerDocument: JOAO })] }, { weights: { document: 0 } });
    expect(reason(r, 'document')).toMatchObject({ points: 0, maxPoints: 0 });
    const named = reason(r, 'name');
    expect(r.score).toBeCloseTo((named.points + 20 / 0.6 + 10 / 0.6) / (named.maxPoints + 20 / 0.6 + 10 / 0.6), 3);
  });
});
