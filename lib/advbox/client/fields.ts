// Liberal readers for Advbox's field formats. Advbox is inconsistent (dates
// as DD/MM/YYYY or YYYY-MM-DD, `amount` as a JSON number or a BR string,
// empty strings for missing values), so each reader accepts every form seen
// in the wild and normalises it; only what cannot be read at all (an id that
// is not a number, an amount that is not an amount) is an error.
import { z } from 'zod';
import { onlyDigits } from '@/lib/documents';

const ISO = /^(\d{4})-(\d{2})-(\d{2})/;
const BR = /^(\d{2})\/(\d{2})\/(\d{4})/;

function validDay(y: string, m: string, d: string): string | null {
  const iso = `${y}-${m}-${d}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
}

/** 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' or 'DD/MM/YYYY' → 'YYYY-MM-DD'; anything else → null. */
export function readDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m) return validDay(m[1]!, m[2]!, m[3]!);
  m = BR.exec(s);
  if (m) return validDay(m[3]!, m[2]!, m[1]!);
  return null;
}

/** Trimmed text; '' and non-text → null. */
export function readText(raw: unknown): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  return s === '' ? null : s;
}

/** A CPF (11) or CNPJ (14) as digits, from however it was typed; else null. */
export function readDocument(raw: unknown): string | null {
  const s = readText(raw);
  if (!s) return null;
  const d = onlyDigits(s);
  return d.length === 11 || d.length === 14 ? d : null;
}

/**
 * Money in cents from a JSON number (2300, 11988.86) or a string in BR
 * format ("1.500,50", "1500,50"); a string with dots only is read as
 * thousands when grouped in threes ("1.500"), else as a decimal point.
 */
export function readCents(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.round(raw * 100) : null;
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/^R\$\s*/, '');
  let normal: string;
  if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(s) || /^-?\d+(,\d+)?$/.test(s)) normal = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(\.\d+)?$/.test(s)) normal = s;
  else return null;
  const n = Number(normal);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

export function readInt(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : null;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

export function readBool(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === '1' || raw === 'true') return true;
  if (raw === 0 || raw === '0' || raw === 'false') return false;
  return null;
}

/** income / expense, from `entry_type` or `type`, in either language. */
export function readEntryType(raw: unknown): 'income' | 'expense' | null {
  const s = readText(raw)?.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (!s) return null;
  if (['income', 'receita', 'credito', 'credit', 'entrada'].includes(s)) return 'income';
  if (['expense', 'despesa', 'debito', 'debit', 'saida'].includes(s)) return 'expense';
  return null;
}

// zod pieces over those readers. `.optional()` first: a missing key reads
// as null instead of failing the object.
const anything = z.unknown().optional();
export const text = anything.transform(readText);
export const bool = anything.transform(readBool);
export const optionalInt = anything.transform(readInt);

/** A required positive integer id (a number or a numeric string). */
export const id = anything.transform((raw, ctx) => {
  const n = readInt(raw);
  if (n === null || n <= 0) {
    ctx.addIssue({ code: 'custom', message: `not an Advbox id: ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return n;
});

/** A list that may be missing or null (→ []); items that are not objects are dropped. */
export function looseArray<T extends z.ZodType>(item: T) {
  return anything
    .transform((raw) => (Array.isArray(raw) ? raw.filter((x) => x !== null && typeof x === 'object') : []))
    .pipe(z.array(item));
}
