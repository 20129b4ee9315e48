import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits } from '@/lib/documents';
import { TokenTable } from './name-similarity';
import { prepareCustomer, prepareTransaction } from './prepare';
import { amountFit, splitFit } from './score-amount';
import { scoreContact } from './score-contact';
import { dateFraction } from './score-date';
import { scoreDocument } from './score-document';
import { resolveSettings } from './settings';
import { client, cnpj, cpf, credit } from './test-kit';

const s = resolveSettings();
const tokens = new TokenTable();
const tx = (fields: Parameters<typeof credit>[1]) => prepareTransaction(credit('t', fields), 0, tokens);
const cu = (fields: Parameters<typeof client>[2], index = 0) => prepareCustomer(client(`c${index}`, 'Cliente', fields), index, tokens);

describe('document signal', () => {
  const a = cpf(10);
  const b = cpf(11);

  it('the client’s own CPF, formatted or bare, is full evidence', () => {
    expect(scoreDocument(tx({ payerDocument: a }), cu({ document: `${a.slice(0, 3)}.${a.slice(3, 6)}.${a.slice(6, 9)}-${a.slice(9)}` }), [0], undefined)).toMatchObject({ kind: 'own', fraction: 1, counted: true });
  });

  it('a mapped payer document counts as the client’s', () => {
    expect(scoreDocument(tx({ payerDocument: b }), cu({ document: a }), undefined, [0])).toMatchObject({ kind: 'mapping', fraction: 1 });
  });

  it('another valid document counts against; one of another client says so', () => {
    expect(scoreDocument(tx({ payerDocument: b }), cu({ document: a }), undefined, undefined)).toMatchObject({ kind: 'unknown', fraction: 0, counted: true });
    expect(scoreDocument(tx({ payerDocument: b }), cu({ document: a }), [7], undefined)).toMatchObject({ kind: 'other_client', counted: true });
  });

  it('a client with no document on file, or a statement without one, is not compared', () => {
    expect(scoreDocument(tx({ payerDocument: b }), cu({ document: null }), undefined, undefined)).toMatchObject({ counted: false });
    expect(scoreDocument(tx({}), cu({ document: a }), undefined, undefined)).toMatchObject({ kind: 'absent', counted: false });
    // Wrong check digits on the statement: no document at all.
    expect(scoreDocument(tx({ payerDocument: a.slice(0, 10) + String((Number(a[10]) + 1) % 10) }), cu({ document: a }), undefined, undefined).kind).toBe('absent');
  });

  it('another branch of the client’s company', () => {
    const hq = cnpj(1);
    const base = `${hq.slice(0, 8)}0002`;
    const valid = base + cnpjCheckDigits(base);
    expect(scoreDocument(tx({ payerDocument: valid }), cu({ document: hq }), undefined, undefined)).toMatchObject({ kind: 'branch', counted: true });
  });

  it('a masked document whose visible digits agree', () => {
    const masked = `***.${a.slice(3, 6)}.${a.slice(6, 9)}-**`;
    expect(scoreDocument(tx({ payerDocument: masked }), cu({ document: a }), undefined, undefined)).toMatchObject({ kind: 'masked', counted: true });
    expect(scoreDocument(tx({ payerDocument: masked }), cu({ document: b }), undefined, undefined)).toMatchObject({ kind: 'unknown', counted: true });
  });
});

describe('contact signal', () => {
  it('equal, not merely present', () => {
    const c = cu({ email: 'ana@example.com', phone: '+55 11 98888-7777' });
    expect(scoreContact(tx({ payerEmail: 'ANA@example.com' }), c)).toMatchObject({ kind: 'email', fraction: 1 });
    expect(scoreContact(tx({ payerDocument: '+5511988887777' }), c)).toMatchObject({ kind: 'phone', fraction: 1 });
    expect(scoreContact(tx({ payerEmail: 'other@example.com' }), c)).toMatchObject({ kind: 'different', fraction: 0, counted: true });
    expect(scoreContact(tx({}), c)).toMatchObject({ kind: 'absent', counted: false });
    expect(scoreContact(tx({ payerEmail: 'ana@example.com' }), cu({ phone: '11988887777' }))).toMatchObject({ counted: false });
  });
});

describe('amount signal', () => {
  it('exact, short by a withheld fee, a little over, partial, or no fit', () => {
    expect(amountFit(150_000, 150_000, s)).toMatchObject({ kind: 'exact', fraction: 1 });
    expect(amountFit(149_650, 150_000, s)?.kind).toBe('fee');
    expect(amountFit(149_000, 150_000, s)?.kind).toBe('fee'); // R$ 10.00: the tolerance
    expect(amountFit(148_999, 150_000, s)?.kind).toBe('partial');
    expect(amountFit(2_000, 3_000, s)?.kind).toBe('partial'); // R$ 10 short of R$ 30 is no fee (5 % cap)
    expect(amountFit(154_500, 150_000, s)?.kind).toBe('over');
    expect(amountFit(170_000, 150_000, s)).toBeNull();
    expect(amountFit(10_000, 150_000, s)).toBeNull(); // below 10 %: not a partial payment of it
  });

  it('the tolerance is a setting', () => {
    expect(amountFit(149_000, 150_000, resolveSettings({ feeToleranceCents: 500 }))?.kind).toBe('partial');
  });

  it('splits settle in full only', () => {
    expect(splitFit(300_000, 300_000, s)).toMatchObject({ kind: 'split', fraction: 1 });
    expect(splitFit(299_500, 300_000, s)?.kind).toBe('split');
    expect(splitFit(250_000, 300_000, s)).toBeNull();
  });
});

describe('date signal', () => {
  it('full near the due date, falling faster before it than after', () => {
    expect(dateFraction(0, s)).toBe(1);
    expect(dateFraction(5, s)).toBe(1);
    expect(dateFraction(-5, s)).toBe(1);
    expect(dateFraction(10, s)).toBeLessThan(0.5);
    expect(dateFraction(30, s)).toBeGreaterThan(0);
    expect(dateFraction(60, s)).toBe(0);
    expect(dateFraction(-10, s)).toBeLessThan(dateFraction(10, s));
    expect(dateFraction(-15, s)).toBe(0);
    for (let d = 5; d < 60; d++) expect(dateFraction(d + 1, s)).toBeLessThanOrEqual(dateFraction(d, s));
  });

  it('prefers "one on time, one very late" to "both somewhat late" (two instalments, two credits)', () => {
    expect(dateFraction(0, s) + dateFraction(40, s)).toBeGreaterThan(dateFraction(30, s) + dateFraction(10, s));
  });
});
