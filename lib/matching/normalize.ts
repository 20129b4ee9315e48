// What banks and firms do to names, documents and contacts, undone: accents
// and case folded, particles and company suffixes dropped, documents
// validated (lib/documents), PIX keys told apart from documents.
import { onlyDigits, parseDocument, type DocumentType } from '@/lib/documents';

/** Already folded: upper-case letters and digits, single spaces inside (most bank text). */
function isFolded(s: string): boolean {
  if (s.length === 0 || s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) return s.length === 0;
  let prevSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) prevSpace = false;
    else return false;
  }
  return true;
}

/** Upper case, no accents, anything but letters and digits turned into single spaces. */
export function foldText(input: string): string {
  if (isFolded(input)) return input;
  let s = input;
  // Only pay for NFD when there is something to decompose.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      break;
    }
  }
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
}

/** "da Silva", "dos Santos", "D'Ávila": connectives banks drop at will. */
export const PARTICLES: ReadonlySet<string> = new Set(['DA', 'DE', 'DO', 'DAS', 'DOS', 'E', 'D', 'DI', 'DEL']);

// Trailing words of a registered company name ("Ltda", "S.A.", "ME"…), after
// folding: "S.A." and "S/A" become "S A", "S/S" becomes "S S".
const SUFFIX_WORDS: ReadonlySet<string> = new Set(['LTDA', 'LIMITADA', 'ME', 'EPP', 'EIRELI', 'MEI', 'SLU', 'CIA', 'SS', 'SA']);
const SUFFIX_PAIRS: ReadonlySet<string> = new Set(['S A', 'S S']);
// What a bank's field cut leaves of a suffix ("… EP", "… LTD", "… EIREL"),
// and the suffixes long enough to be recognised with a typo ("LTAD").
const LONG_SUFFIXES = ['LTDA', 'EIRELI', 'LIMITADA', 'EPP'];
/** A name this long may have been cut by the bank's field. */
export const MAY_BE_TRUNCATED_LENGTH = 18;

function oneEditAway(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A last word that is what is left of a company suffix; `firm`: the name has an "&". */
function suffixRemnant(word: string, truncated: boolean, firm: boolean): boolean {
  if (truncated && firm && word.length === 1 && 'MELS'.includes(word)) return true;
  for (const s of LONG_SUFFIXES) {
    if (truncated && word.length < s.length && s.startsWith(word) && word.length >= 2) return true;
    if (word.length >= 4 && s.length >= 4 && oneEditAway(word, s)) return true;
  }
  return false;
}

export interface NameParts {
  /** Meaningful words in order: no particles, no company suffix, no digits. */
  tokens: string[];
  /** Characters of the folded name, as the bank's field would hold it. */
  foldedLength: number;
  /** A company suffix was present. */
  company: boolean;
}

export function nameParts(input: string): NameParts {
  const folded = foldText(input);
  const words = folded.length === 0 ? [] : folded.split(' ');
  let end = words.length;
  let company = false;
  // Strip suffixes from the end while a name is left ("COMERCIAL SILVA LTDA ME").
  for (;;) {
    if (end >= 3 && SUFFIX_PAIRS.has(`${words[end - 2]} ${words[end - 1]}`)) {
      end -= 2;
      company = true;
    } else if (end >= 2 && SUFFIX_WORDS.has(words[end - 1]!)) {
      end -= 1;
      company = true;
    } else if (end >= 3 && suffixRemnant(words[end - 1]!, folded.length >= MAY_BE_TRUNCATED_LENGTH, input.includes('&'))) {
      end -= 1;
      company = true;
    } else break;
  }
  const tokens: string[] = [];
  for (let i = 0; i < end; i++) {
    const w = words[i]!;
    if (PARTICLES.has(w) && i > 0) continue;
    if (w.charCodeAt(0) <= 57) continue; // digits: agency, account, dates
    tokens.push(w);
  }
  return { tokens, foldedLength: folded.length, company };
}

export interface ParsedPayerKey {
  document: { digits: string; type: DocumentType } | null;
  /** Middle digits of a masked document ("***.456.789-**" → "456789"). */
  masked: { middle: string; type: DocumentType } | null;
  email: string | null;
  phone: string | null;
}

const EMPTY_KEY: ParsedPayerKey = { document: null, masked: null, email: null, phone: null };

/**
 * What a payer-document field really holds. Banks and aggregators put the
 * PIX key there sometimes: an e-mail or a phone number is a contact, not a
 * document, even when its 11 digits happen to pass the CPF check — unless it
 * is written the way documents are (bare digits or CPF punctuation).
 */
export function parsePayerKey(input: string | null): ParsedPayerKey {
  if (input === null) return EMPTY_KEY;
  const raw = input.trim();
  if (raw.length === 0) return EMPTY_KEY;
  if (raw.includes('@')) return { ...EMPTY_KEY, email: normalizeEmail(raw) };
  if (raw.includes('*')) {
    const compact = raw.replace(/[.\-/\s]/g, '');
    const maskedCpf = /^\*{3}(\d{6})\*{2}$/.exec(compact);
    if (maskedCpf) return { ...EMPTY_KEY, masked: { middle: maskedCpf[1]!, type: 'CPF' } };
    const maskedCnpj = /^\*{2}(\d{10})\*{2}$/.exec(compact);
    if (maskedCnpj) return { ...EMPTY_KEY, masked: { middle: maskedCnpj[1]!, type: 'CNPJ' } };
    return EMPTY_KEY;
  }
  const phoneShaped = /^\+|\(/.test(raw) || /^\d{2}\s?9?\d{4}-\d{4}$/.test(raw);
  if (!phoneShaped) {
    const doc = parseDocument(raw);
    if (doc) return { ...EMPTY_KEY, document: doc };
  }
  const phone = normalizePhone(raw);
  if (phone) return { ...EMPTY_KEY, phone };
  return EMPTY_KEY;
}

/** A customer's stored document: digits when valid, null otherwise (a typo cannot be compared). */
export function customerDocument(input: string | null): { digits: string; type: DocumentType } | null {
  if (input === null) return null;
  return parseDocument(input.trim());
}

export function normalizeEmail(input: string | null): string | null {
  if (input === null) return null;
  const e = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

/**
 * A Brazilian phone as a comparison key: area code + last eight digits, so
 * "+55 (11) 98888-7777", "011988887777" and the pre-2016 "1188887777" agree.
 */
export function normalizePhone(input: string | null): string | null {
  if (input === null) return null;
  let d = onlyDigits(input);
  if ((d.length === 12 || d.length === 13) && d.startsWith('55')) d = d.slice(2);
  d = d.replace(/^0+/, '');
  if (d.length !== 10 && d.length !== 11) return null;
  if (d[0] === '0') return null;
  return d.slice(0, 2) + d.slice(-8);
}

/** The middle digits a masked document would show. */
export function maskedMiddle(digits: string): string {
  return digits.length === 11 ? digits.slice(3, 9) : digits.slice(2, 12);
}
