// Formats Advbox uses on the wire, and the comparisons its filters make.
import { formatCnpj, formatCpf, onlyDigits } from '@/lib/documents';
import { saoPauloDate, saoPauloWallTime } from '@/lib/time/sao-paulo';

/** Advbox stores text upper-cased, accents kept ("JOSÉ DA CONCEIÇÃO"). */
export function upper(s: string): string {
  return s.toLocaleUpperCase('pt-BR');
}

/** For case- and accent-insensitive "contains" filters. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY' (the format of `birthdate`). */
export function brDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** 'YYYY-MM-DD' → 'MM/YYYY' (the format of `competence`). */
export function competenceOf(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Digits → "123.456.789-09" / "12.345.678/0001-90" (anything else as given). */
export function formatDocument(digits: string): string {
  const d = onlyDigits(digits);
  if (d.length === 11) return formatCpf(d);
  if (d.length === 14) return formatCnpj(d);
  return digits;
}

/** "5511988887777" (or without the 55) → "(11) 98888-7777". */
export function formatPhone(digits: string): string {
  const d = onlyDigits(digits).replace(/^55(?=\d{10,11}$)/, '');
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return digits;
}

/** An instant as Advbox writes `created_at`: 'YYYY-MM-DD HH:MM:SS', São Paulo wall time. */
export const spDateTime = saoPauloWallTime;
/** Today's date in São Paulo at an instant. */
export const spDate = saoPauloDate;

export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}
