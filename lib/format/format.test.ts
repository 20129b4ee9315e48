import { describe, expect, it } from 'vitest';
import {
  csvMoney,
  csvRow,
  csvText,
  formatBRL,
  formatCalendarDate,
  formatAmountInput,
  formatDateTime,
  parseBRLInput,
  formatDecimalComma,
  formatDocument,
  formatMonth,
  formatPercent,
  lastMonths,
  maskedDocument,
  monthSP,
  sumMoney,
  todaySP,
} from '@/lib/format';

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');

describe('money', () => {
  it('formats BRL exactly from decimal strings', () => {
    expect(nbsp(formatBRL('1234.5'))).toBe('R$ 1.234,50');
    expect(nbsp(formatBRL('-0.01'))).toBe('-R$ 0,01');
    expect(nbsp(formatBRL('1234567890123.45'))).toBe('R$ 1.234.567.890.123,45');
    // 0.1 + 0.2 as floats would print 0,30000000000000004 somewhere; strings never go through a float.
    expect(nbsp(formatBRL(sumMoney(['0.10', '0.20'])))).toBe('R$ 0,30');
  });
  it('shows the sign of credits when asked', () => {
    expect(nbsp(formatBRL('10.00', { signed: true }))).toBe('+R$ 10,00');
    expect(nbsp(formatBRL('-10.00', { signed: true }))).toBe('-R$ 10,00');
  });
  it('rejects what is not a money string', () => {
    expect(() => formatBRL('1,5')).toThrow(RangeError);
    expect(() => formatBRL('abc')).toThrow(RangeError);
  });
  it('sums in cents', () => {
    expect(sumMoney(['100.10', '-0.15', '0.05'])).toBe('100.00');
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['-5.5', '2.25'])).toBe('-3.25');
  });
  it('writes decimal comma and percentages in pt-BR', () => {
    expect(formatDecimalComma('-1234.5')).toBe('-1234,50');
    expect(formatPercent(0.873)).toBe('87,3%');
  });
});

describe('parseBRLInput', () => {
  it('reads pt-BR amounts and plain decimal points, exactly', () => {
    expect(parseBRLInput('10.000,00')).toBe('10000.00');
    expect(parseBRLInput('R$ 1.234,5')).toBe('1234.50');
    expect(parseBRLInput('10000')).toBe('10000.00');
    expect(parseBRLInput('10000,05')).toBe('10000.05');
    expect(parseBRLInput('10000.5')).toBe('10000.50');
    expect(parseBRLInput('1.234.567')).toBe('1234567.00');
    expect(parseBRLInput('007')).toBe('7.00');
  });

  it('reads back what formatAmountInput writes', () => {
    for (const a of ['0.01', '10000.00', '1234567.89']) expect(parseBRLInput(formatAmountInput(a))).toBe(a);
    expect(formatAmountInput('10000')).toBe('10.000,00');
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'dez mil', '1,234.56', '10.00,0', '-5', '1.2345', '12,345']) expect(parseBRLInput(bad), bad).toBeNull();
  });
});

describe('dates', () => {
  it('shows calendar dates as they are', () => {
    expect(formatCalendarDate('2026-12-01')).toBe('01/12/2026');
    expect(() => formatCalendarDate('01/12/2026')).toThrow(RangeError);
  });
  it('shows instants in São Paulo time', () => {
    // 02:30 UTC on 1 Dec is still 30 Nov, 23:30 in São Paulo (UTC-3).
    expect(formatDateTime('2026-12-01T02:30:00Z')).toBe('30/11/2026, 23:30');
    expect(todaySP(new Date('2026-12-01T02:30:00Z'))).toBe('2026-11-30');
    expect(monthSP(new Date('2026-12-01T02:30:00Z'))).toBe('2026-11');
  });
  it('names months in Portuguese', () => {
    expect(formatMonth('2026-03', 'long')).toBe('março de 2026');
    expect(formatMonth('2026-12')).toMatch(/^dez/);
  });
  it('lists the last n months across a year boundary', () => {
    expect(lastMonths('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastMonths('2026-12', 12)[0]).toBe('2026-01');
  });
});

describe('documents', () => {
  it('formats and masks CPF and CNPJ', () => {
    expect(formatDocument('12345678909')).toBe('123.456.789-09');
    expect(formatDocument('12.345.678/0001-95')).toBe('12.345.678/0001-95');
    expect(maskedDocument('12345678909')).toBe('***.456.789-**');
    expect(maskedDocument('12345678000195')).toBe('**.345.678/0001-**');
    expect(formatDocument(null)).toBe('');
  });
});

describe('csv', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx']) expect(csvText(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvText('PIX João')).toBe('PIX João');
  });
  it('quotes separators, quotes and line breaks', () => {
    expect(csvText('a;b')).toBe('"a;b"');
    expect(csvText('diz "oi"')).toBe('"diz ""oi"""');
    expect(csvText('=a;b')).toBe(`"'=a;b"`);
  });
  it('writes money with a decimal comma and no neutralisation', () => {
    expect(csvMoney('-1234.5')).toBe('-1234,50');
    expect(csvRow(['01/12/2026', { money: '-10.00' }, null])).toBe('01/12/2026;-10,00;\r\n');
  });
});
