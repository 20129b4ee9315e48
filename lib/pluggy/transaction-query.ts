import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use o formato AAAA-MM-DD.')
  .refine((d) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Data inválida.');

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const TransactionQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    type: z.enum(['CREDIT', 'DEBIT']).optional(),
    accountId: z.uuid('Conta inválida.').optional(),
    ignored: bool.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    paymentMethod: z.string().trim().min(1).max(20).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'A data inicial deve ser anterior à final.', path: ['from'] });
