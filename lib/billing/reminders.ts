// Pure: the Cobranças page's logic — which bucket an open receivable falls
// in (by due date against today in São Paulo), the reminder a person sends
// the client, and the WhatsApp / e-mail hand-off links. No I/O, so the page,
// the route and the tests share exactly one version of each rule.
import { maskDocument } from '@/lib/documents';
import { formatBRL, formatCalendarDate, fromCents } from '@/lib/format';

export type Bucket = 'overdue' | 'today' | 'soon' | 'later';
export type BucketFilter = 'overdue' | 'today' | 'soon' | 'all';

/** "Próximos 7 dias": due tomorrow up to today + 7. */
export const SOON_DAYS = 7;

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/** Whole days from `due` to `today` (positive = overdue). Both YYYY-MM-DD. */
export function daysBetween(due: string, today: string): number {
  return dayNumber(today) - dayNumber(due);
}

export function bucketOf(due: string, today: string): Bucket {
  const late = daysBetween(due, today);
  if (late > 0) return 'overdue';
  if (late === 0) return 'today';
  return -late <= SOON_DAYS ? 'soon' : 'later';
}

/**
 * A Brazilian phone as E.164 (+55DDDNUMBER), or null when it cannot be one.
 * Accepts what people type into Advbox: masks, +55 / 0055, a trunk 0 before
 * the area code, a carrier code (0 XX DDD …). Area codes are 11–99 with no 0;
 * mobiles have 9 digits starting with 9, landlines 8 starting with 2–5.
 */
export function normalizePhoneBR(input: string | null | undefined): string | null {
  if (!input) return null;
  let d = input.replace(/\D/g, '');
  if (d.startsWith('00')) d = d.slice(2); // international prefix: 0055…
  else if (d.startsWith('0')) {
    d = d.slice(1);
    // A carrier code (0 21 11 98765-4321) leaves 12 or 13 digits here.
    if (d.length === 12 || d.length === 13) d = d.slice(2);
  }
  if ((d.length === 12 || d.length === 13) && d.startsWith('55')) d = d.slice(2);
  if (d.length !== 10 && d.length !== 11) return null;
  const ddd = d.slice(0, 2);
  const number = d.slice(2);
  if (!/^[1-9][1-9]$/.test(ddd)) return null;
  if (number.length === 9 && !number.startsWith('9')) return null;
  if (number.length === 8 && !/^[2-5]/.test(number)) return null;
  return `+55${ddd}${number}`;
}

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** A usable address, lower-cased (Advbox stores them in upper case; mailboxes ignore case in practice). */
export function normalizeEmail(input: string | null | undefined): string | null {
  const e = input?.trim().toLowerCase();
  return e && e.length <= 254 && EMAIL.test(e) ? e : null;
}

/** "MARIA DA SILVA" → "Maria da Silva" (Advbox stores names in upper case). */
export function titleCase(name: string): string {
  const lower = new Set(['da', 'de', 'do', 'das', 'dos', 'e']);
  return name
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w, i) => (i > 0 && lower.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/** "HONORÁRIOS PARCELA 2/6" → "Honorários parcela 2/6": Advbox upper-cases descriptions; a message should not shout. Mixed case is kept. */
export function softCase(text: string | null): string | null {
  const t = text?.trim();
  if (!t) return null;
  if (t !== t.toUpperCase()) return t;
  const lower = t.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** How the message greets: a person by first name, a company (CNPJ) by its name. */
export function greetingName(name: string, document: string | null): string {
  const full = titleCase(name);
  return document?.length === 14 ? full : (full.split(' ')[0] ?? full);
}

export interface ReminderInput {
  customerName: string;
  customerDocument: string | null;
  /** Decimal string. */
  amount: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  description: string | null;
  firmName: string;
  today: string;
}

// Intl puts a no-break space after "R$"; in a chat message a plain one reads the same and encodes shorter.
const plainSpaces = (s: string) => s.replace(/\u00a0/g, ' ');

/** The reminder in pt-BR: polite, with what, how much and when; the tone follows the bucket. */
export function reminderMessage(r: ReminderInput): { subject: string; text: string } {
  const amount = plainSpaces(formatBRL(r.amount));
  const due = formatCalendarDate(r.dueDate);
  const desc = softCase(r.description);
  const what = desc ? `referente a "${desc}" ` : '';
  const bucket = bucketOf(r.dueDate, r.today);
  const situation =
    bucket === 'overdue'
      ? `consta em aberto o pagamento ${what}no valor de ${amount}, com vencimento em ${due}. Se já foi pago, por favor desconsidere esta mensagem e, se puder, nos envie o comprovante.`
      : bucket === 'today'
        ? `passando para lembrar que o pagamento ${what}no valor de ${amount} vence hoje, ${due}.`
        : `passando para lembrar que o pagamento ${what}no valor de ${amount} vence em ${due}.`;
  const text = [
    `Olá, ${greetingName(r.customerName, r.customerDocument)}! Tudo bem?`,
    // "do escritório Silva Advogados" reads right whatever the firm's name ("do Silva & Souza" would not).
    `Aqui é do ${/^escrit[óo]rio\b/i.test(r.firmName) ? r.firmName : `escritório ${r.firmName}`}: ${situation}`,
    'Qualquer dúvida, estamos à disposição. Obrigado!',
    r.firmName,
  ].join('\n\n');
  const subject = bucket === 'overdue' ? `Pagamento em aberto — vencimento ${due}` : `Lembrete de pagamento — vencimento ${due}`;
  return { subject, text };
}

/** WhatsApp's click-to-chat hand-off (the person sends it from their own WhatsApp). */
export function whatsappUrl(e164: string, text: string): string {
  return `https://wa.me/${e164.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`;
}

/** mailto: with subject and body (RFC 6068: line breaks as CRLF, every reserved character encoded). */
export function mailtoUrl(email: string, subject: string, body: string): string {
  const enc = (s: string) => encodeURIComponent(s.replace(/\r?\n/g, '\r\n'));
  return `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}?subject=${enc(subject)}&body=${enc(body)}`;
}

// ---- the view the route serves -----------------------------------------

export interface BillingReceivableInput {
  id: number;
  cents: number;
  due: string;
  desc: string | null;
  customer: { id: number | null; name: string; document: string | null; email: string | null; phone: string | null; cellphone: string | null };
}

export interface BillingRowDto {
  id: string;
  customer: { id: string | null; name: string; document: string | null; phone: string | null; email: string | null };
  description: string | null;
  amount: string;
  dueDate: string;
  bucket: Bucket;
  /** Days past due (0 when due today or later). */
  daysOverdue: number;
  reminder: { subject: string; text: string; whatsappUrl: string | null; mailtoUrl: string | null };
}

export interface BillingViewDto {
  today: string;
  fetchedAt: string | null;
  complete: boolean;
  firmName: string;
  summary: Record<'overdue' | 'today' | 'soon' | 'all', { count: number; amount: string }>;
  rows: BillingRowDto[];
  page: { total: number; limit: number; offset: number };
}

export interface BillingQuery {
  bucket: BucketFilter;
  q?: string;
  limit: number;
  offset: number;
}

const centsString = (cents: number) => fromCents(BigInt(cents));

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A typed amount ("1500", "1.500,00", "R$ 1500,5") as cents, and whether it had centavos. */
export function parseAmountQuery(q: string): { cents: number; exact: boolean } | null {
  const s = q.replace(/R\$/gi, '').replace(/\s/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const reais = Number(m[1]!.replace(/\./g, ''));
  return { cents: reais * 100 + Number((m[2] ?? '').padEnd(2, '0') || 0), exact: m[2] !== undefined };
}

function matches(r: BillingReceivableInput, needle: string, amount: ReturnType<typeof parseAmountQuery>): boolean {
  if (fold(r.customer.name).includes(needle) || (r.desc && fold(r.desc).includes(needle))) return true;
  if (!amount) return false;
  return amount.exact ? r.cents === amount.cents : Math.floor(r.cents / 100) === amount.cents / 100;
}

export function buildBillingView(
  items: readonly BillingReceivableInput[],
  ctx: { today: string; firmName: string; fetchedAt: string | null; complete: boolean },
  query: BillingQuery,
): BillingViewDto {
  const q = query.q?.trim();
  const needle = q ? fold(q) : '';
  const amount = q ? parseAmountQuery(q) : null;
  const searched = q ? items.filter((r) => matches(r, needle, amount)) : items;
  const sums = { overdue: [0, 0], today: [0, 0], soon: [0, 0], all: [0, 0] } as Record<BucketFilter, [number, number]>;
  const withBucket = searched.map((r) => ({ r, bucket: bucketOf(r.due, ctx.today) }));
  for (const { r, bucket } of withBucket) {
    for (const k of bucket === 'later' ? (['all'] as const) : ([bucket, 'all'] as const)) {
      sums[k][0] += 1;
      sums[k][1] += r.cents;
    }
  }
  const selected = withBucket
    .filter(({ bucket }) => query.bucket === 'all' || bucket === query.bucket)
    // Oldest due first: the longest overdue is the most urgent call; ties by client, then id, for a stable page.
    .sort((a, b) => (a.r.due < b.r.due ? -1 : a.r.due > b.r.due ? 1 : a.r.customer.name.localeCompare(b.r.customer.name, 'pt-BR') || a.r.id - b.r.id));
  const rows = selected.slice(query.offset, query.offset + query.limit).map(({ r, bucket }): BillingRowDto => {
    const phone = normalizePhoneBR(r.customer.cellphone) ?? normalizePhoneBR(r.customer.phone);
    const email = normalizeEmail(r.customer.email);
    const amount = centsString(r.cents);
    const msg = reminderMessage({ customerName: r.customer.name, customerDocument: r.customer.document, amount, dueDate: r.due, description: r.desc, firmName: ctx.firmName, today: ctx.today });
    return {
      id: String(r.id),
      customer: { id: r.customer.id === null ? null : String(r.customer.id), name: titleCase(r.customer.name), document: r.customer.document ? maskDocument(r.customer.document) : null, phone, email },
      description: softCase(r.desc),
      amount,
      dueDate: r.due,
      bucket,
      daysOverdue: Math.max(0, daysBetween(r.due, ctx.today)),
      reminder: { ...msg, whatsappUrl: phone ? whatsappUrl(phone, msg.text) : null, mailtoUrl: email ? mailtoUrl(email, msg.subject, msg.text) : null },
    };
  });
  const summary = Object.fromEntries(Object.entries(sums).map(([k, [count, cents]]) => [k, { count, amount: centsString(cents) }])) as BillingViewDto['summary'];
  return { today: ctx.today, fetchedAt: ctx.fetchedAt, complete: ctx.complete, firmName: ctx.firmName, summary, rows, page: { total: selected.length, limit: query.limit, offset: query.offset } };
}
