// zod pieces shared by route query schemas.
import { z } from 'zod';

/** A calendar day, 'YYYY-MM-DD', that exists (no 2026-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use o formato AAAA-MM-DD.')
  .refine((d) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Data inválida.');

/** For `.refine`: a from/to pair, either side optional, in order. */
export const orderedRange = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
export const ORDER_ERROR = { message: 'A data inicial deve ser anterior à final.', path: ['from'] };
