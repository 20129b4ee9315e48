import { describe, expect, it } from 'vitest';
import { readCents, readDate, readDocument, readEntryType, readText } from './fields';
import { customerSchema, transactionSchema, settingsSchema } from './schemas';

describe('liberal field readers', () => {
  it('read both date formats, and nothing else', () => {
    expect(readDate('03/07/1988')).toBe('1988-07-03');
    expect(readDate('1988-07-03')).toBe('1988-07-03');
    expect(readDate('2026-02-03 14:05:00')).toBe('2026-02-03');
    expect(readDate('31/02/1990')).toBeNull();
    expect(readDate('')).toBeNull();
    expect(readDate(null)).toBeNull();
    expect(readDate('ontem')).toBeNull();
  });

  it('read amounts as numbers or BR strings, exactly to the cent', () => {
    expect(readCents(2300)).toBe(230000);
    expect(readCents(11988.86)).toBe(1198886);
    expect(readCents(0.1 + 0.2)).toBe(30);
    expect(readCents('1.500,50')).toBe(150050);
    expect(readCents('1500,50')).toBe(150050);
    expect(readCents('1.500')).toBe(150000);
    expect(readCents('1500.5')).toBe(150050);
    expect(readCents('R$ 12.345,67')).toBe(1234567);
    expect(readCents('doze reais')).toBeNull();
    expect(readCents(null)).toBeNull();
  });

  it('read documents as digits only when they are CPF or CNPJ length, text with empty as null', () => {
    expect(readDocument('123.456.789-09')).toBe('12345678909');
    expect(readDocument('12.345.678/0001-90')).toBe('12345678000190');
    expect(readDocument('12.345')).toBeNull();
    expect(readDocument('')).toBeNull();
    expect(readText('  ')).toBeNull();
    expect(readText(' X ')).toBe('X');
  });

  it('read the entry type in either vocabulary', () => {
    expect(readEntryType('income')).toBe('income');
    expect(readEntryType('CRÉDITO')).toBe('income');
    expect(readEntryType('Despesa')).toBe('expense');
    expect(readEntryType('DÉBITO')).toBe('expense');
    expect(readEntryType('transfer')).toBeNull();
  });
});

describe('schemas', () => {
  it('ignore unknown fields and survive missing optional ones', () => {
    const c = customerSchema.parse({ id: '9100001', name: 'ANA', identification: '', birthdate: '03/07/1988', surprise: { deep: [1] } });
    expect(c).toMatchObject({ id: 9100001, name: 'ANA', identification: null, document: null, birthdate: '1988-07-03', lawsuits: [] });
    expect(c).not.toHaveProperty('surprise');
    const t = transactionSchema.parse({ id: 1, type: 'income', amount: '1.234,56', date_payment: '' });
    expect(t).toMatchObject({ entryType: 'income', amountCents: 123456, paid: false, datePayment: null });
    expect(transactionSchema.parse({ id: 1, entry_type: 'income', amount: 1, date_payment: '10/09/2026' })).toMatchObject({ paid: true, datePayment: '2026-09-10' });
    // A payment date that cannot be read still means "paid": never offer it as open.
    expect(transactionSchema.parse({ id: 1, entry_type: 'income', amount: 1, date_payment: 'xx' })).toMatchObject({ paid: true, datePayment: null });
    expect(settingsSchema.parse({ users: null, type_lawsuits: [] })).toEqual({ users: [], origins: [], banks: [], categories: [], costCenters: [] });
  });

  it('reject items without an id or amount', () => {
    expect(customerSchema.safeParse({ name: 'SEM ID' }).success).toBe(false);
    expect(customerSchema.safeParse({ id: 'abc' }).success).toBe(false);
    expect(transactionSchema.safeParse({ id: 5, amount: 'muito' }).success).toBe(false);
    expect(transactionSchema.safeParse({ id: 5 }).success).toBe(false);
  });
});
