// The options grown for the matching engine's labelled data. Their defaults
// must leave the book exactly as it was, since other consumers (the Pluggy
// and Advbox sandboxes) read it.
import { describe, expect, it } from 'vitest';
import { generateBook } from './index';

const ANCHOR = '2026-11-30';
const base = { seed: 4, customers: 500, anchorDate: ANCHOR };

describe('book options for labelled data', () => {
  it('defaults are the former constants: an explicit default book is the same book', () => {
    const plain = generateBook(base);
    const explicit = generateBook({ ...base, relativeShare: 0.18, strangerHomonymShare: 0.2, strangerAmountShare: 0.15, contactShare: 0.04, debitShare: 0, statementStyle: 'classic' });
    expect(explicit).toEqual(plain);
    expect(plain.debits).toEqual([]);
  });

  it('debits: the firm’s own outgoing payments, negative, apart from the credits', () => {
    const b = generateBook({ ...base, debitShare: 0.5 });
    expect(b.debits.length).toBe(Math.round(b.payments.filter((p) => p.truth.customerId !== null).length * 0.5));
    for (const d of b.debits) {
      expect(d.amountCents).toBeLessThan(0);
      expect(d.id).toMatch(/^d-\d{6}$/);
      expect(d.date <= ANCHOR).toBe(true);
    }
    expect(b.debits.map((d) => d.date)).toEqual([...b.debits.map((d) => d.date)].sort());
    // Adding debits changes nothing else.
    expect({ ...b, debits: [] }).toEqual(generateBook(base));
  });

  it('relativeShare and strangerHomonymShare move what they say', () => {
    const none = generateBook({ ...base, relativeShare: 0 });
    expect(none.payments.some((p) => p.truth.kind === 'relative' || p.truth.kind === 'relative_mapped')).toBe(false);
    const homonyms = generateBook({ ...base, strangerHomonymShare: 1 });
    const names = new Set(homonyms.customers.map((c) => c.name));
    const strangers = homonyms.payments.filter((p) => p.truth.kind === 'stranger');
    expect(strangers.length).toBeGreaterThan(10);
    // The bank distorts the name, but it started as a client's.
    expect(strangers.filter((p) => p.payer.name && p.truth.distortions.length === 0).every((p) => [...names].some((n) => n.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase() === p.payer.name))).toBe(true);
  });

  it('varied statement lines still name the payer, in other banks’ words', () => {
    const classic = generateBook(base);
    const varied = generateBook({ ...base, statementStyle: 'varied' });
    expect(varied.payments.map((p) => p.truth)).toEqual(classic.payments.map((p) => p.truth));
    const changed = varied.payments.filter((p, i) => p.description !== classic.payments[i]!.description);
    expect(changed.length).toBeGreaterThan(classic.payments.length / 4);
    // The payer's first name stays in the line (the engine's parser is tested on these wordings in lib/matching).
    for (const p of changed) {
      const first = classic.payments.find((q) => q.id === p.id)!.description.match(/ - ([A-Z]+)/)?.[1];
      if (first) expect(p.description, p.description).toContain(first);
    }
  });

  it('imputation civil_code: a PIX/TED settles the oldest open instalment, a boleto its own; the statement is unchanged', () => {
    const planned = generateBook(base);
    expect(generateBook({ ...base, imputation: 'planned' })).toEqual(planned);
    const cc = generateBook({ ...base, imputation: 'civil_code' });
    expect(cc.payments.map((p) => [p.id, p.date, p.amountCents, p.description])).toEqual(planned.payments.map((p) => [p.id, p.date, p.amountCents, p.description]));
    const due = new Map(cc.receivables.map((r) => [r.id, r]));
    const moved = cc.payments.filter((p, i) => p.truth.receivableIds.join() !== planned.payments[i]!.truth.receivableIds.join());
    expect(moved.length).toBeGreaterThan(20);
    // A boleto moves only when a PIX imputed earlier already settled the instalment it was issued for.
    expect(moved.filter((p) => p.method === 'BOLETO').length).toBeLessThan(moved.length / 10);
    // What stays open moves to the newest instalments: no credit of a client settles one while an older one of it stays open unpaid.
    for (const p of cc.payments) {
      if (p.truth.customerId === null || p.method === 'BOLETO' || p.truth.kind === 'partial') continue;
      const r = due.get(p.truth.receivableIds[0]!)!;
      const olderOpen = cc.receivables.some((o) => o.customerId === r.customerId && o.dueDate < r.dueDate && o.paidDate === null && !cc.payments.some((q) => q.truth.receivableIds.includes(o.id)));
      expect(olderOpen).toBe(false);
    }
  });
});
