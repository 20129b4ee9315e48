// zod schemas shared by the reconciliation routes (app/api/reconciliation).
import { z } from 'zod';
import { isValidCnpj, isValidCpf, onlyDigits } from '@/lib/documents';

export { isoDate } from '@/lib/api/schemas';

/** A CPF or CNPJ, formatted or bare, with valid check digits → its digits. */
export const payerDocument = z
  .string()
  .max(32)
  .transform((s) => onlyDigits(s))
  .refine((d) => (d.length === 11 && isValidCpf(d)) || (d.length === 14 && isValidCnpj(d)), 'Informe um CPF ou CNPJ válido.');

/** An Advbox id: a positive integer, as a number or a string of digits → its string. */
export const advboxId = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9]\d{0,14}$/, 'Identificador do Advbox inválido.')])
  .transform((v) => String(v));

export const uuid = z.uuid('Identificador inválido.');
