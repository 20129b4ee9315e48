import { z } from 'zod';
import { isoDate, ORDER_ERROR, orderedRange as ordered } from '@/lib/api/schemas';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const FILTERS = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  type: z.enum(['CREDIT', 'DEBIT']).optional(),
  accountId: z.uuid('Conta inválida.').optional(),
  ignored: bool.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  paymentMethod: z.string().trim().min(1).max(20).optional(),
};

export const TransactionQuerySchema = z
  .strictObject({
    ...FILTERS,
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(ordered, ORDER_ERROR);

/** GET /api/pluggy/transactions/export: the same filters, every row (no cursor, no page size). */
export const TransactionExportQuerySchema = z.strictObject(FILTERS).refine(ordered, ORDER_ERROR);
