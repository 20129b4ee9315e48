// Display, masking and parsing of CPF/CNPJ. Stored values are digits only.
import { isValidCnpj, isValidCpf, onlyDigits } from './check-digits';

export type DocumentType = 'CPF' | 'CNPJ';

export interface ParsedDocument {
  type: DocumentType;
  digits: string;
}

/** 12345678909 → 123.456.789-09 (input formatted or not). */
export function formatCpf(input: string): string {
  const d = onlyDigits(input);
  if (d.length !== 11) throw new RangeError('CPF must have 11 digits');
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

/** 12345678000195 → 12.345.678/0001-95 (input formatted or not). */
export function formatCnpj(input: string): string {
  const d = onlyDigits(input);
  if (d.length !== 14) throw new RangeError('CNPJ must have 14 digits');
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
}

/**
 * For logs and the audit trail: the middle digits stay (enough to recognise a
 * document), the first block and the check digits are hidden — the same shape
 * as lib/audit/mask.ts. Anything that is not 11 or 14 digits is fully hidden.
 */
export function maskDocument(input: string): string {
  const d = onlyDigits(input);
  if (d.length === 11) return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  if (d.length === 14) return `**.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-**`;
  return '*'.repeat(Math.max(d.length, 3));
}

// Digits with the usual separators (".", "-", "/", spaces) and nothing else:
// "CPF 123…" or a masked "***.456…" is not a document.
const DOCUMENT_CHARS = /^[\d.\-/\s]+$/;

/** A valid CPF or CNPJ (check digits verified), or null. */
export function parseDocument(input: string): ParsedDocument | null {
  if (!DOCUMENT_CHARS.test(input)) return null;
  const digits = onlyDigits(input);
  if (digits.length === 11) return isValidCpf(digits) ? { type: 'CPF', digits } : null;
  if (digits.length === 14) return isValidCnpj(digits) ? { type: 'CNPJ', digits } : null;
  return null;
}
