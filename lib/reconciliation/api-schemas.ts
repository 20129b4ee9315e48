// zod schemas shared by the reconciliation routes (app/api/reconciliation).
import { z } from 'zod';
import { isValidCnpj, isValidCpf, onlyDigits } from '@/lib/documents';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use o formato AAAA-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'Data inválida.');

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
