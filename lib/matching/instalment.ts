// Which of a client's open instalments of the same amount a credit pays.
// The amount cannot tell them apart, and a late credit's date is evidence
// for the wrong one as often as not: paid 25 days late, it lies nearer the
// next due date than its own. Finance practice settles the oldest open
// instalment first, unless the payment is on time for another one (within
// the full-date window: the client paid this month's boleto) or its
// description names one ("parc 3/10", "março").
import { foldText } from './normalize';

/** What a text says about which instalment it is: its number (of how many), or a month. */
export interface InstalmentRef {
  /** 1-based instalment number, or 0 when none is named. */
  number: number;
  /** Total instalments when written "3/10", else 0. */
  of: number;
  /** 1–12 when a month is named by its full name, else 0. */
  month: number;
}

export const NO_REF: InstalmentRef = Object.freeze({ number: 0, of: 0, month: 0 });

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['JANEIRO', 'FEVEREIRO', 'MARCO', 'ABRIL', 'MAIO', 'JUNHO', 'JULHO', 'AGOSTO', 'SETEMBRO', 'OUTUBRO', 'NOVEMBRO', 'DEZEMBRO'].map((m, i) => [m, i + 1]),
);

/** Words that announce an instalment number: "PARC 3", "PARCELA 3/10", "PRESTACAO 3 DE 10". */
const NUMBER_WORDS: ReadonlySet<string> = new Set(['PARC', 'PARCELA', 'PARCELAS', 'PRESTACAO', 'PREST', 'PARCEL']);

// Cheap pre-check: most statement lines name no instalment; skip folding them.
const MAY_NAME = /parc|prest|janeiro|fevereiro|mar[cç]o|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|\d\s*\/\s*\d/i;

/** False when the text cannot name an instalment (most statement lines): nothing to read. */
export function mayNameInstalment(text: string | null): text is string {
  return !!text && MAY_NAME.test(text);
}

/**
 * The instalment a text names. `skip` are words not to read as a month (the
 * payer's name: "MARCO ANTONIO" is a person, not March). A bare "3/10" counts
 * only when `bareFraction` (a receivable's own description, which Advbox
 * writes as "… - PARCELA 3/10"; on a statement line it may be a date).
 */
export function instalmentRef(text: string | null, skip: ReadonlySet<string> | null = null, bareFraction = false): InstalmentRef {
  if (!mayNameInstalment(text)) return NO_REF;
  // "3/10" survives folding as "3 10": mark the slash first.
  const words = foldText(text.replace(/(\d)\s*\/\s*(\d)/g, '$1 OF $2')).split(' ');
  let number = 0;
  let of = 0;
  let month = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = MONTHS.get(w);
    if (m !== undefined && !skip?.has(w)) {
      month = month === 0 || month === m ? m : -1;
      continue;
    }
    const numbered = NUMBER_WORDS.has(w) && isCount(words[i + 1]);
    const bare = bareFraction && number === 0 && isCount(w) && words[i + 1] === 'OF' && isCount(words[i + 2]);
    if (!numbered && !bare) continue;
    const at = numbered ? i + 1 : i;
    const n = Number(words[at]);
    let total = 0;
    if ((words[at + 1] === 'OF' || words[at + 1] === 'DE') && isCount(words[at + 2])) total = Number(words[at + 2]);
    if (total !== 0 && n > total) continue; // "05/03": a date, not an instalment
    number = n;
    of = total;
  }
  return { number, of, month: month > 0 ? month : 0 };
}

function isCount(w: string | undefined): boolean {
  if (w === undefined || w.length === 0 || w.length > 3) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const n = Number(w);
  return n >= 1 && n <= 360;
}

/** Does the credit's reference name this receivable (by its own reference, else its due month)? */
export function names(credit: InstalmentRef, receivable: InstalmentRef, dueMonth: number): boolean {
  if (credit.number > 0) return receivable.number === credit.number && (credit.of === 0 || receivable.of === 0 || receivable.of === credit.of);
  if (credit.month > 0) return (receivable.month > 0 ? receivable.month : dueMonth) === credit.month;
  return false;
}

export function refersToAny(ref: InstalmentRef): boolean {
  return ref.number > 0 || ref.month > 0;
}
