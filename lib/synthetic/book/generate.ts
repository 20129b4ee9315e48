// generateBook(): clients, their instalment plans, and two years of the
// credits that pay them, as the bank shows them. Deterministic for a given
// (seed, options): each client draws from its own sub-stream, so the first
// clients of a 100-client book are the first clients of a 20,000-client one.
import { formatCnpj, formatCpf, generateCnpj, generateCpf } from '@/lib/documents';
import { CONNECTORS } from '../accounts';
import { createCalendar } from '../calendar';
import { createFirmProfile } from '../firm';
import { firmDebit } from '../transactions';
import { logUniformCents } from '../money';
import { companyName, personName } from '../names';
import { createRng, deriveSeed, pick, pickWeighted, randInt, type Rng } from '../rng';
import { generateCustomer } from './customers';
import { addDays, addMonths, daysBetween } from './dates';
import { bankName, truncate } from './distort';
import type { Book, BookCustomer, BookDebit, BookPayer, BookPayment, BookReceivable, PaymentKind, PaymentMethod } from './types';

export interface BookOptions {
  seed?: number;
  customers?: number;
  /** Last day of the data, YYYY-MM-DD (default: today, UTC). */
  anchorDate?: string;
  /** How far back instalment plans start (default 24 months). */
  monthsBack?: number;
  /**
   * Payments older than this many days were already reconciled by the firm
   * (their receivables are paid in Advbox); newer ones are the open queue.
   * Default 45. Use a large value to leave every paid receivable open.
   */
  openWindowDays?: number;
  /** Share of due receivables that the client has paid by the anchor date (default 0.85). */
  payRate?: number;
  /** Non-client credits per client payment (default 0.08). */
  strangerShare?: number;
  /** Credits without any counterparty (yield, refunds) per client payment (default 0.03). */
  noPayerShare?: number;
  /** Scales how often bank-side name distortions apply (default 1). */
  distortion?: number;
  homonymShare?: number;
  missingDocumentShare?: number;
  /** Share of a client's payments made by one of its relatives (default 0.18). */
  relativeShare?: number;
  /** Share of strangers named exactly like a client (default 0.2). */
  strangerHomonymShare?: number;
  /** Share of strangers paying an open receivable's exact amount (default 0.15). */
  strangerAmountShare?: number;
  /** Share of PIX credits carrying the payer's contact (its PIX key: e-mail or phone; default 0.04). */
  contactShare?: number;
  /** The firm's own debits (fees, taxes, salaries, suppliers) per client payment, in `book.debits` (default 0). */
  debitShare?: number;
  /**
   * `classic` (default): the statement lines of a few large banks.
   * `varied`: also other banks' wordings ("PIX RECEBIDO DE …", "CRED PIX …",
   * a trailing date or document), for data the engine was not tuned on.
   */
  statementStyle?: 'classic' | 'varied';
  /**
   * Which instalment a client's credit settles when the client has several
   * open ones (every instalment of a plan has the same amount).
   * `planned` (default, what the sandboxes' data was built with): the one
   * the credit was drawn for, even when an older one is still open.
   * `civil_code`: what the firm records — a boleto settles the instalment it
   * was issued for (the slip is the debtor's indication, Código Civil art.
   * 352); a PIX or TED names none, so it is imputed to the oldest open
   * instalment (art. 355: the debts due first), in the order the credits
   * arrive. A client who skipped March and pays in April has paid March;
   * April stays open.
   */
  imputation?: 'planned' | 'civil_code';
}

const METHODS: readonly PaymentMethod[] = ['PIX', 'TED', 'BOLETO'];
const METHOD_WEIGHTS = [62, 18, 20];
const ROUND_FEES = [30000, 50000, 80000, 100000, 120000, 150000, 200000, 250000, 300000, 350000, 400000, 500000];
const CATEGORIES = ['HONORÁRIOS CONTRATUAIS', 'HONORÁRIOS INICIAIS', 'HONORÁRIOS MENSAIS', 'REEMBOLSO DE CUSTAS', 'HONORÁRIOS DE ÊXITO'];
const NO_PAYER_LINES = ['RENDIMENTO APLICACAO AUTOMATICA', 'RESGATE CDB', 'ESTORNO PIX', 'DEVOLUCAO TED', 'TRANSFERENCIA ENTRE CONTAS - RECEBIDA', 'CREDITO JUROS POUPANCA'];

function instalmentCents(rng: Rng): number {
  const r = rng();
  if (r < 0.4) return pick(rng, ROUND_FEES);
  if (r < 0.9) return logUniformCents(rng(), 25_000, 1_200_000);
  return logUniformCents(rng(), 1_200_000, 8_000_000);
}

function formatDoc(digits: string): string {
  return digits.length === 11 ? formatCpf(digits) : formatCnpj(digits);
}

/** When the client pays, relative to the due date: mostly on time, some late. */
function paymentOffset(rng: Rng): number {
  const r = rng();
  if (r < 0.55) return -randInt(rng, 0, 3);
  if (r < 0.85) return randInt(rng, 0, 5);
  return randInt(rng, 6, 40);
}

function statementLine(rng: Rng, method: PaymentMethod | null, name: string | null, doc: string | null): string {
  const who = name ? truncate(name, randInt(rng, 22, 30)) : null;
  switch (method) {
    case 'PIX': {
      if (!who) return 'PIX RECEBIDO';
      const r = rng();
      if (doc && r < 0.06) return `PIX RECEBIDO ${doc} ${who}`;
      if (r < 0.55) return `PIX RECEBIDO - ${who}`;
      if (r < 0.8) return `PIX RECEB ${who}`;
      return `TRANSF PIX ${who}`;
    }
    case 'TED':
      if (!who) return 'TED RECEBIDA';
      return rng() < 0.6 ? `TED RECEBIDA - ${who}` : `TED ${pick(rng, CONNECTORS).bankCode} ${String(randInt(rng, 1, 9999)).padStart(4, '0')} ${who}`;
    case 'BOLETO':
      if (!who) return pick(rng, ['LIQUIDACAO DE COBRANCA', 'RECEBIMENTO BOLETO', 'LIQUIDACAO TITULO']);
      return rng() < 0.6 ? `LIQUIDACAO DE BOLETO - ${who}` : `RECEBIMENTO BOLETO ${who}`;
    default:
      return pick(rng, NO_PAYER_LINES);
  }
}

// Other banks' wordings of the same credits ('varied' style only).
function variedLine(rng: Rng, method: PaymentMethod | null, who: string | null, doc: string | null, date: string): string | null {
  if (!who) return null;
  const ddmm = `${date.slice(8, 10)}/${date.slice(5, 7)}`;
  switch (method) {
    case 'PIX':
      return pick(rng, [`PIX RECEBIDO DE ${who}`, `CRED PIX ${who}`, `RECEBIMENTO PIX ${who} ${ddmm}`, `PIX - REC - ${who}`, `PIX QR CODE RECEBIDO ${who}`, doc ? `PIX REC ${who} CPF/CNPJ ${doc}` : `PIX REC. ${who}`]);
    case 'TED':
      return pick(rng, [`TED-CREDITO EM CONTA ${who}`, `CRED TED ${who}`, `TRANSFERENCIA RECEBIDA ${who}`, `DOC/TED RECEBIDO ${who} ${ddmm}`]);
    case 'BOLETO':
      return pick(rng, [`LIQ. COBRANCA ${who}`, `CREDITO COBRANCA ${who}`, `BOLETO PAGO - ${who}`]);
    default:
      return null;
  }
}

interface Draft {
  date: string;
  amountCents: number;
  method: PaymentMethod | null;
  payer: { name: string; document: string; documentType: 'CPF' | 'CNPJ' } | null;
  email: string | null;
  phone: string | null;
  truth: { kind: PaymentKind; customerId: number | null; receivableIds: number[] };
}

/** Turns a draft into what the bank reports: distorted name, maybe no payment data. */
function asStatement(rng: Rng, d: Draft, strength: number, varied: Rng | null): Omit<BookPayment, 'id'> {
  const method = d.method;
  let name: string | null = null;
  let distortions: string[] = [];
  let doc: string | null = null;
  let nameInDescription: string | null = null;
  if (d.payer) {
    const bn = bankName(rng, d.payer.name, strength);
    distortions = bn.distortions;
    nameInDescription = bn.name;
    // Boletos often settle with no payer at all; PIX/TED nearly always carry one.
    const hasPaymentData = method === 'BOLETO' ? rng() < 0.5 : rng() < 0.88;
    const showsName = method === 'BOLETO' ? rng() < 0.6 : true;
    if (!showsName) nameInDescription = null;
    if (hasPaymentData) {
      name = bn.name;
      const docShare = method === 'BOLETO' ? 0.5 : 0.93;
      if (rng() < docShare) doc = formatDoc(d.payer.document);
    }
  }
  // The classic line is always drawn, so the main stream (and every later
  // credit) is the same whatever the style; a varied wording may replace it.
  let description = statementLine(rng, method, nameInDescription, doc);
  if (varied && varied() < 0.5) {
    description = variedLine(varied, method, nameInDescription && truncate(nameInDescription, randInt(varied, 22, 30)), doc, d.date) ?? description;
  }
  return {
    date: d.date,
    amountCents: d.amountCents,
    method,
    description,
    payer: {
      name,
      document: doc,
      documentType: doc ? (d.payer!.documentType) : null,
      email: d.email,
      phone: d.phone,
    },
    truth: { ...d.truth, distortions },
  };
}

function pickPayer(rng: Rng, c: BookCustomer, mapped: ReadonlySet<string>, relativeShare: number): { payer: BookPayer | null; kind: PaymentKind } {
  if (c.relatives.length > 0 && rng() < relativeShare) {
    const r = pick(rng, c.relatives);
    return { payer: r, kind: mapped.has(r.document) ? 'relative_mapped' : 'relative' };
  }
  if (!c.document) return { payer: { name: c.name, document: c.kind === 'COMPANY' ? generateCnpj(rng) : generateCpf(rng), documentType: c.kind === 'COMPANY' ? 'CNPJ' : 'CPF', relation: 'self' }, kind: 'exact' };
  return { payer: { name: c.name, document: c.document, documentType: c.kind === 'COMPANY' ? 'CNPJ' : 'CPF', relation: 'self' }, kind: 'exact' };
}

export function generateBook(options: BookOptions = {}): Book {
  const seed = options.seed ?? 1;
  const anchorDate = options.anchorDate ?? new Date().toISOString().slice(0, 10);
  const customerCount = options.customers ?? 200;
  const monthsBack = options.monthsBack ?? 24;
  const openWindowDays = options.openWindowDays ?? 45;
  const payRate = options.payRate ?? 0.85;
  const strangerShare = options.strangerShare ?? 0.08;
  const noPayerShare = options.noPayerShare ?? 0.03;
  const strength = options.distortion ?? 1;
  const relativeShare = options.relativeShare ?? 0.18;
  const contactShare = options.contactShare ?? 0.04;
  const strangerHomonymShare = options.strangerHomonymShare ?? 0.2;
  const strangerAmountShare = options.strangerAmountShare ?? 0.15;
  const firstDay = addMonths(anchorDate, -monthsBack);

  const firmRng = createRng(deriveSeed(seed, 0));
  const firm = createFirmProfile(firmRng, 10);

  const customers: BookCustomer[] = [];
  const receivables: BookReceivable[] = [];
  const drafts: Draft[] = [];
  const clientMappings: Book['clientMappings'] = [];
  let receivableId = 17_800_001;

  for (let i = 0; i < customerCount; i++) {
    const rng = createRng(deriveSeed(seed, 1, i));
    const c = generateCustomer(rng, 9_100_001 + i, anchorDate, customers, {
      homonymShare: options.homonymShare ?? 0.06,
      missingDocumentShare: options.missingDocumentShare ?? 0.04,
    });
    customers.push(c);
    const mapped = new Set<string>();
    for (const r of c.relatives) {
      if (rng() < 0.5) {
        mapped.add(r.document);
        clientMappings.push({ payerDocument: r.document, customerId: c.id });
      }
    }

    // One instalment plan per client: 1–10 monthly instalments.
    const count = Math.max(1, Math.round(1 + 9 * rng() ** 2));
    const cents = instalmentCents(rng);
    const category = pick(rng, CATEGORIES);
    const start = addDays(firstDay, randInt(rng, 0, daysBetween(firstDay, addDays(anchorDate, 45))));
    const plan: BookReceivable[] = [];
    for (let k = 0; k < count; k++) {
      const dueDate = addMonths(start, k);
      if (daysBetween(anchorDate, dueDate) > 90) break;
      plan.push({
        id: receivableId++,
        customerId: c.id,
        amountCents: cents,
        dueDate,
        description: count > 1 ? `${category} - PARCELA ${k + 1}/${count}` : category,
        category,
        paidDate: null,
      });
    }
    receivables.push(...plan);

    const mine: Draft[] = [];
    for (let k = 0; k < plan.length; k++) {
      const r = plan[k]!;
      if (rng() >= payRate) continue;
      const date = addDays(r.dueDate, paymentOffset(rng));
      if (date > anchorDate || date < firstDay) continue;
      const method = pickWeighted(rng, METHODS, METHOD_WEIGHTS);
      const { payer, kind: payerKind } = pickPayer(rng, c, mapped, relativeShare);
      let kind: PaymentKind = payerKind;
      let amountCents = r.amountCents;
      let group = [r];
      const roll = rng();
      const next = plan.slice(k + 1, k + 3).filter((n) => daysBetween(r.dueDate, n.dueDate) <= 70);
      if (roll < 0.05 && next.length > 0) {
        // One transfer for this instalment and the next one or two.
        group = [r, ...next.slice(0, rng() < 0.3 ? 2 : 1)];
        amountCents = group.reduce((s, g) => s + g.amountCents, 0);
        k += group.length - 1;
        if (kind === 'exact') kind = 'split';
      } else if (roll < 0.08) {
        amountCents = Math.max(100, Math.round(r.amountCents * (0.3 + rng() * 0.5)));
        if (kind === 'exact') kind = 'partial';
      } else if (roll < 0.12 && method !== 'PIX') {
        // Boleto and TED fees the payer's bank withheld.
        amountCents = r.amountCents - randInt(rng, 150, 890);
        if (kind === 'exact') kind = 'fee_withheld';
      }
      const pixKey = method === 'PIX' && rng() < contactShare;
      mine.push({
        date,
        amountCents,
        method,
        payer,
        email: pixKey && c.email && rng() < 0.5 ? c.email : null,
        phone: pixKey && c.phone ? c.phone : null,
        truth: { kind, customerId: c.id, receivableIds: group.map((g) => g.id) },
      });
    }
    if (options.imputation === 'civil_code') imputeByCivilCode(plan, mine);
    const byId = new Map(plan.map((r) => [r.id, r]));
    for (const d of mine) {
      // Credits older than the open window were reconciled by the firm: their receivables are paid in Advbox.
      const reconciled = daysBetween(d.date, anchorDate) > openWindowDays && d.truth.kind !== 'partial';
      if (reconciled) for (const id of d.truth.receivableIds) byId.get(id)!.paidDate = d.date;
      drafts.push(d);
    }
  }

  // Credits from people and companies who are not clients — some with a
  // client's very name, some with an open receivable's exact amount.
  const clientPayments = drafts.length;
  const srng = createRng(deriveSeed(seed, 2));
  const open = receivables.filter((r) => r.paidDate === null);
  const strangers = Math.round(clientPayments * strangerShare);
  const span = daysBetween(firstDay, anchorDate);
  for (let i = 0; i < strangers; i++) {
    const company = srng() < 0.25;
    const homonym = srng() < strangerHomonymShare && customers.length > 0;
    const name = homonym ? pick(srng, customers).name : company ? companyName(srng) : personName(srng);
    const isCompany = company && !homonym;
    const amountCents = open.length > 0 && srng() < strangerAmountShare ? pick(srng, open).amountCents : instalmentCents(srng);
    drafts.push({
      date: addDays(firstDay, randInt(srng, 0, span)),
      amountCents,
      method: pickWeighted(srng, METHODS, [70, 20, 10]),
      payer: { name, document: isCompany ? generateCnpj(srng) : generateCpf(srng), documentType: isCompany ? 'CNPJ' : 'CPF' },
      email: null,
      phone: null,
      truth: { kind: 'stranger', customerId: null, receivableIds: [] },
    });
  }
  const noPayer = Math.round(clientPayments * noPayerShare);
  for (let i = 0; i < noPayer; i++) {
    drafts.push({
      date: addDays(firstDay, randInt(srng, 0, span)),
      amountCents: logUniformCents(srng(), 100, 500_000),
      method: null,
      payer: null,
      email: null,
      phone: null,
      truth: { kind: 'no_payer', customerId: null, receivableIds: [] },
    });
  }

  const prng = createRng(deriveSeed(seed, 3));
  // A separate stream for the varied wordings, so the classic book stays as it was.
  const vrng = options.statementStyle === 'varied' ? createRng(deriveSeed(seed, 5)) : null;
  const statements = drafts.map((d) => asStatement(prng, d, strength, vrng));
  // Stable order: by date, then by the order drafted (already deterministic).
  const order = statements.map((s, i) => [s.date, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const payments: BookPayment[] = order.map(([, i], n) => ({ id: `p-${String(n + 1).padStart(6, '0')}`, ...statements[i]! }));

  return {
    seed,
    anchorDate,
    firm: { name: firm.name, cnpj: firm.cnpj },
    customers,
    receivables,
    payments,
    clientMappings,
    debits: firmDebits(seed, firm, firstDay, anchorDate, Math.round(clientPayments * (options.debitShare ?? 0))),
  };
}

/**
 * Re-labels one client's credits with the instalments the firm records them
 * against (BookOptions.imputation 'civil_code'), in the order they arrive:
 * a boleto keeps the instalment(s) it was issued for while they are open; a
 * PIX or TED (no indication) takes the oldest open instalment(s), as many
 * as it was drawn for. A partial payment is imputed the same way but leaves
 * its instalment open. No random draws: the rest of the book is unchanged.
 */
function imputeByCivilCode(plan: readonly BookReceivable[], mine: Draft[]): void {
  const taken = new Set<number>();
  const order = mine.map((d, i) => [d, i] as const).sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]));
  for (const [d] of order) {
    const planned = d.truth.receivableIds;
    if (d.method === 'BOLETO' && planned.every((id) => !taken.has(id))) {
      if (d.truth.kind !== 'partial') for (const id of planned) taken.add(id);
      continue;
    }
    const ids = plan.filter((r) => !taken.has(r.id)).slice(0, planned.length).map((r) => r.id);
    if (ids.length < planned.length) continue; // cannot happen: the planned ones are open
    d.truth.receivableIds = ids;
    if (d.truth.kind !== 'partial') for (const id of ids) taken.add(id);
  }
}

/** The firm's own outgoing payments over the book's span (lib/synthetic/transactions.ts). */
function firmDebits(seed: number, firm: ReturnType<typeof createFirmProfile>, firstDay: string, anchorDate: string, count: number): BookDebit[] {
  if (count <= 0) return [];
  const drng = createRng(deriveSeed(seed, 4));
  const cal = createCalendar(new Date(`${anchorDate}T00:00:00Z`), daysBetween(firstDay, anchorDate) + 1);
  const rows = Array.from({ length: count }, () => firmDebit(drng, firm, cal)).map((t, i) => ({ t, i }));
  rows.sort((a, b) => a.t.day - b.t.day || a.i - b.i);
  return rows.map(({ t }, n) => ({
    id: `d-${String(n + 1).padStart(6, '0')}`,
    date: cal.days[t.day]!,
    amountCents: t.amountCents,
    method: t.paymentMethod,
    description: t.description,
    category: t.category,
  }));
}

/** Receivables still open in Advbox (what the engine may propose). */
export function openReceivables(book: Book): BookReceivable[] {
  return book.receivables.filter((r) => r.paidDate === null);
}

