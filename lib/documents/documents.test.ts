import { describe, expect, it } from 'vitest';
import {
  formatCnpj,
  formatCpf,
  generateCnpj,
  generateCpf,
  isValidCnpj,
  isValidCpf,
  maskDocument,
  onlyDigits,
  parseDocument,
} from '@/lib/documents';
import { createRng } from '@/lib/synthetic/rng';

// Textbook/made-up numbers with correct check digits, not real people's.
const VALID_CPFS = ['12345678909', '11144477735'];
const VALID_CNPJS = ['12345678000195', '11222333000181', '11444777000161'];

describe('onlyDigits', () => {
  it('strips formatting', () => {
    expect(onlyDigits(' 123.456.789-09 ')).toBe('12345678909');
    expect(onlyDigits('12.345.678/0001-95')).toBe('12345678000195');
  });
});

describe('isValidCpf', () => {
  it.each(VALID_CPFS)('accepts %s', (cpf) => expect(isValidCpf(cpf)).toBe(true));
  it.each([
    ['wrong first check digit', '12345678919'],
    ['wrong second check digit', '12345678900'],
    ['all same digit', '11111111111'],
    ['zeros', '00000000000'],
    ['too short', '1234567890'],
    ['too long', '123456789090'],
    ['formatted (digits only expected)', '123.456.789-09'],
    ['letters', '1234567890a'],
  ])('rejects %s', (_why, cpf) => expect(isValidCpf(cpf)).toBe(false));
});

describe('isValidCnpj', () => {
  it.each(VALID_CNPJS)('accepts %s', (cnpj) => expect(isValidCnpj(cnpj)).toBe(true));
  it.each([
    ['wrong first check digit', '12345678000185'],
    ['wrong second check digit', '12345678000196'],
    ['all same digit', '22222222222222'],
    ['a CPF', '12345678909'],
    ['formatted', '12.345.678/0001-95'],
  ])('rejects %s', (_why, cnpj) => expect(isValidCnpj(cnpj)).toBe(false));
});

describe('generated documents', () => {
  it('always validate, for many seeds', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = createRng(seed);
      for (let i = 0; i < 200; i++) {
        const cpf = generateCpf(rng);
        const cnpj = generateCnpj(rng);
        expect(isValidCpf(cpf), cpf).toBe(true);
        expect(isValidCnpj(cnpj), cnpj).toBe(true);
      }
    }
  });

  it('are reproducible from the seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const fromA = Array.from({ length: 20 }, () => generateCpf(a) + generateCnpj(a));
    const fromB = Array.from({ length: 20 }, () => generateCpf(b) + generateCnpj(b));
    expect(fromA).toEqual(fromB);
    expect(new Set(fromA).size).toBe(20);
  });

  it('reject any change to a check digit', () => {
    const rng = createRng(7);
    const bump = (s: string, pos: number) => s.slice(0, pos) + ((Number(s[pos]) + 1 + Math.floor(rng() * 9)) % 10) + s.slice(pos + 1);
    for (let i = 0; i < 200; i++) {
      const cpf = generateCpf(rng);
      const cnpj = generateCnpj(rng);
      expect(isValidCpf(bump(cpf, 9 + (i % 2)))).toBe(false);
      expect(isValidCnpj(bump(cnpj, 12 + (i % 2)))).toBe(false);
    }
  });
});

describe('formatting and masking', () => {
  it('formats CPF and CNPJ', () => {
    expect(formatCpf('12345678909')).toBe('123.456.789-09');
    expect(formatCnpj('12345678000195')).toBe('12.345.678/0001-95');
    expect(formatCpf('123.456.789-09')).toBe('123.456.789-09');
    expect(() => formatCpf('123')).toThrow(RangeError);
    expect(() => formatCnpj('12345678909')).toThrow(RangeError);
  });

  it('masks keeping only the middle digits', () => {
    expect(maskDocument('12345678909')).toBe('***.456.789-**');
    expect(maskDocument('123.456.789-09')).toBe('***.456.789-**');
    expect(maskDocument('12345678000195')).toBe('**.345.678/0001-**');
    expect(maskDocument('12.345.678/0001-95')).toBe('**.345.678/0001-**');
  });

  it('hides everything when the input is not a document', () => {
    expect(maskDocument('12345')).toBe('*****');
    expect(maskDocument('')).toBe('***');
  });
});

describe('parseDocument', () => {
  it('recognises bare and formatted documents', () => {
    expect(parseDocument('123.456.789-09')).toEqual({ type: 'CPF', digits: '12345678909' });
    expect(parseDocument(' 12345678909 ')).toEqual({ type: 'CPF', digits: '12345678909' });
    expect(parseDocument('12.345.678/0001-95')).toEqual({ type: 'CNPJ', digits: '12345678000195' });
  });

  it('returns null for invalid, masked or ambiguous input', () => {
    expect(parseDocument('123.456.789-00')).toBeNull();
    expect(parseDocument('***.456.789-**')).toBeNull();
    expect(parseDocument('CPF 12345678909')).toBeNull();
    expect(parseDocument('111.111.111-11')).toBeNull();
    expect(parseDocument('1234567890123')).toBeNull();
    expect(parseDocument('')).toBeNull();
  });
});
