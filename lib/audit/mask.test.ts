import { describe, expect, it } from 'vitest';
import { maskDocumentsDeep, maskDocumentsInText } from '@/lib/audit/mask';

describe('document masking', () => {
  it('masks formatted and bare CPFs, keeping the middle digits', () => {
    expect(maskDocumentsInText('CPF 123.456.789-09 pagou')).toBe('CPF ***.456.789-** pagou');
    expect(maskDocumentsInText('12345678909')).toBe('***.456.789-**');
  });
  it('masks CNPJs', () => {
    expect(maskDocumentsInText('12.345.678/0001-95')).toBe('**.345.678/0001-**');
    expect(maskDocumentsInText('12345678000195')).toBe('**.345.678/0001-**');
  });
  it('leaves other numbers alone and walks nested metadata', () => {
    expect(maskDocumentsInText('valor 1500,00 em 2026-01-02')).toBe('valor 1500,00 em 2026-01-02');
    expect(maskDocumentsDeep({ a: ['123.456.789-09'], b: { c: 5 } })).toEqual({ a: ['***.456.789-**'], b: { c: 5 } });
  });
});
