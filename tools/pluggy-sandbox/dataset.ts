// A sandbox firm's bank data, deterministic per (seed, anchorDate, sizes):
// a checking account whose credits are the firm's book (lib/synthetic/book:
// clients paying their receivables by PIX / TED / boleto, relatives,
// strangers, credits with no payer) and whose debits are its running costs
// (lib/synthetic/transactions firmDebit: salaries, rent, taxes, bank fees,
// vendors, court fees, the card bill), plus a credit card with purchases.
//
// Sign convention (Pluggy leaves the card case unconfirmed; the sandbox
// makes the choice that punishes sign-based code): on the checking account
// CREDIT > 0 and DEBIT < 0; on the card, purchases are DEBIT with a
// positive amount and bill payments CREDIT with a negative amount.
//
// The rows are built once per spec and shared by every item that uses it;
// items get their own ids (store.ts).
import { formatCnpj } from '@/lib/documents';
import { CONNECTORS } from '@/lib/synthetic/accounts';
import { generateBook, type Book, type BookPayment } from '@/lib/synthetic/book';
import { createCalendar, WINDOW_DAYS } from '@/lib/synthetic/calendar';
import { CARD_MERCHANTS, cardPurchase, merchantCnpj } from '@/lib/synthetic/card';
import { createFirmProfile } from '@/lib/synthetic/firm';
import { statementName } from '@/lib/synthetic/names';
import { createRng, deriveSeed, pick, randInt, type Rng } from '@/lib/synthetic/rng';
import { firmDebit } from '@/lib/synthetic/transactions';

export interface FirmSpec {
  seed: number;
  /** Last day of the data, YYYY-MM-DD (default: today, UTC). */
  anchorDate?: string;
  /** Clients in the firm's book (default 60, or sized from `transactions`). */
  customers?: number;
  /** Total rows over both accounts; when set the data is sized to exactly this. */
  transactions?: number;
}

export interface ResolvedFirmSpec {
  seed: number;
  anchorDate: string;
  customers: number;
  transactions: number | null;
}

export interface Participant {
  name?: string;
  documentNumber?: { type: 'CPF' | 'CNPJ'; value: string };
  branchNumber?: string;
  accountNumber?: string;
  routingNumber?: string;
}

export interface PaymentDataTemplate {
  payer?: Participant;
  receiver?: Participant;
  paymentMethod?: string;
  referenceNumber?: string;
  reason?: string;
  receiverReferenceId?: string;
  boletoMetadata: Record<string, unknown> | null;
}

/** One statement line, as the institution reports it (amount in raw signed cents). */
export interface RowTemplate {
  date: string;
  amountCents: number;
  type: 'CREDIT' | 'DEBIT';
  description: string;
  descriptionRaw: string | null;
  category: string | null;
  categoryId: string | null;
  operationType: string | null;
  providerCode: string | null;
  status: 'POSTED' | 'PENDING';
  paymentData: PaymentDataTemplate | null;
  creditCardMetadata: Record<string, unknown> | null;
  merchant: Record<string, unknown> | null;
  /** The book payment this credit is (its id and truth), for tests and the demo. */
  bookPaymentId?: string;
}

export interface AccountTemplate {
  key: 'checking' | 'card';
  type: 'BANK' | 'CREDIT';
  subtype: 'CHECKING_ACCOUNT' | 'CREDIT_CARD';
  name: string;
  number: string;
  /** Checking: balance before the first row. */
  openingBalanceCents: number;
  creditLimitCents: number | null;
  brand: string | null;
  level: string | null;
  rows: RowTemplate[];
}

export interface FirmDataset {
  spec: ResolvedFirmSpec;
  book: Book;
  firm: { name: string; cnpj: string; statementName: string };
  accounts: AccountTemplate[];
}

const CATEGORY: Record<string, [string, string]> = {
  PIX: ['Transfer - PIX', '05070000'],
  TED: ['Transfer - TED', '05030000'],
  BOLETO: ['Receipts', '01010000'],
  NONE: ['Income', '01000000'],
  Salary: ['Salary', '06010000'],
  Rent: ['Rent', '07010000'],
  Taxes: ['Taxes', '11020000'],
  'Credit card payment': ['Credit card payment', '05100000'],
  'Bank fees': ['Bank fees', '16000000'],
  Services: ['Services', '08000000'],
  'Court fees': ['Legal services', '08050000'],
  Card: ['Shopping', '09000000'],
};

const ISPB: Record<string, string> = { '341': '60701190', '237': '60746948', '001': '00000000', '104': '00360305', '033': '90400888', '260': '18236120', '077': '00416968', '756': '02038232', '208': '30306294', '336': '31872495' };
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
}

function alnum(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return s;
}

function bankAccount(rng: Rng): Pick<Participant, 'branchNumber' | 'accountNumber' | 'routingNumber'> {
  return { branchNumber: digits(rng, 4), accountNumber: `${randInt(rng, 10_000, 999_999)}-${randInt(rng, 0, 9)}`, routingNumber: pick(rng, CONNECTORS).bankCode };
}

/** A PIX end-to-end id: E + ISPB + YYYYMMDDHHmm + 11 characters. */
function pixE2e(rng: Rng, date: string, bankCode: string): string {
  return `E${ISPB[bankCode] ?? '00000000'}${date.replaceAll('-', '')}${String(randInt(rng, 8, 21)).padStart(2, '0')}${String(randInt(rng, 0, 59)).padStart(2, '0')}${alnum(rng, 11)}`;
}

function boletoMetadata(rng: Rng, cents: number): Record<string, unknown> {
  const bank = pick(rng, CONNECTORS).bankCode;
  return {
    digitableLine: `${bank}9${digits(rng, 43)}`,
    barcode: `${bank}9${digits(rng, 40)}`,
    baseAmount: cents / 100,
    penaltyAmount: null,
    interestAmount: null,
    discountAmount: null,
  };
}

function creditRow(rng: Rng, p: BookPayment, firm: FirmDataset['firm']): RowTemplate {
  const method = p.method;
  const [category, categoryId] = CATEGORY[method ?? 'NONE']!;
  const receiver: Participant = { name: firm.statementName, documentNumber: { type: 'CNPJ', value: formatCnpj(firm.cnpj) } };
  let paymentData: PaymentDataTemplate | null = null;
  if (p.payer.name || p.payer.document) {
    const account = bankAccount(rng);
    const payer: Participant = { ...account };
    if (p.payer.name) payer.name = p.payer.name;
    if (p.payer.document && p.payer.documentType) payer.documentNumber = { type: p.payer.documentType, value: p.payer.document };
    paymentData = {
      payer,
      receiver,
      paymentMethod: method ?? undefined,
      referenceNumber: method === 'PIX' ? pixE2e(rng, p.date, account.routingNumber!) : digits(rng, 9),
      boletoMetadata: method === 'BOLETO' ? boletoMetadata(rng, p.amountCents) : null,
    };
  } else if (method === 'BOLETO' && rng() < 0.5) {
    // Settled boletos often come with the slip's data and no payer at all.
    paymentData = { receiver, paymentMethod: 'BOLETO', boletoMetadata: boletoMetadata(rng, p.amountCents) };
  }
  return {
    date: p.date,
    amountCents: p.amountCents,
    type: 'CREDIT',
    description: p.description,
    descriptionRaw: null,
    category,
    categoryId,
    operationType: method,
    providerCode: digits(rng, 6),
    status: 'POSTED',
    paymentData,
    creditCardMetadata: null,
    merchant: null,
    bookPaymentId: p.id,
  };
}

export function resolveSpec(spec: FirmSpec, today = new Date()): ResolvedFirmSpec {
  const anchorDate = spec.anchorDate ?? today.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(anchorDate)) throw new RangeError('anchorDate must be YYYY-MM-DD');
  const transactions = spec.transactions ?? null;
  if (transactions !== null && (!Number.isInteger(transactions) || transactions < 0)) throw new RangeError('transactions must be a non-negative integer');
  // About 3 credits per client over two years, credits ~60% of the rows.
  const customers = spec.customers ?? (transactions !== null ? Math.min(40_000, Math.max(5, Math.round((transactions * 0.6) / 3.05))) : 60);
  return { seed: spec.seed >>> 0, anchorDate, customers, transactions };
}

export function buildFirmDataset(input: FirmSpec): FirmDataset {
  const spec = resolveSpec(input);
  const book = generateBook({ seed: spec.seed, customers: spec.customers, anchorDate: spec.anchorDate });
  const firm = { name: book.firm.name, cnpj: book.firm.cnpj, statementName: statementName(book.firm.name) };
  const cal = createCalendar(new Date(`${spec.anchorDate}T00:00:00Z`), WINDOW_DAYS);

  // Sizes: exactly `transactions` rows when given, else proportional to the book.
  let payments = book.payments;
  let debitCount: number;
  let cardCount: number;
  if (spec.transactions !== null) {
    if (payments.length > spec.transactions) payments = payments.slice(payments.length - spec.transactions);
    const rest = spec.transactions - payments.length;
    cardCount = Math.round(rest * 0.25);
    debitCount = rest - cardCount;
  } else {
    debitCount = Math.round(payments.length * 0.55);
    cardCount = Math.round(payments.length * 0.2);
  }

  const crng = createRng(deriveSeed(spec.seed, 101));
  const checking: RowTemplate[] = payments.map((p) => creditRow(crng, p, firm));

  const drng = createRng(deriveSeed(spec.seed, 102));
  const profile = createFirmProfile(drng, Math.max(10, debitCount * 2));
  for (let i = 0; i < debitCount; i++) {
    const d = firmDebit(drng, profile, cal);
    const [category, categoryId] = CATEGORY[d.category] ?? ['Other', '99000000'];
    checking.push({
      date: cal.days[d.day]!,
      amountCents: d.amountCents,
      type: 'DEBIT',
      description: d.description,
      descriptionRaw: null,
      category,
      categoryId,
      operationType: d.operationType,
      providerCode: digits(drng, 6),
      status: 'POSTED',
      paymentData: d.paymentMethod
        ? {
            payer: { name: firm.statementName, documentNumber: { type: 'CNPJ', value: formatCnpj(firm.cnpj) } },
            receiver: d.receiverName ? { name: statementName(d.receiverName), ...bankAccount(drng) } : undefined,
            paymentMethod: d.paymentMethod,
            referenceNumber: digits(drng, 9),
            boletoMetadata: d.paymentMethod === 'BOLETO' ? boletoMetadata(drng, -d.amountCents) : null,
          }
        : null,
      creditCardMetadata: null,
      merchant: null,
    });
  }
  sortByDate(checking);

  const card = cardRows(createRng(deriveSeed(spec.seed, 103)), cal, cardCount, spec.anchorDate);
  const arng = createRng(deriveSeed(spec.seed, 104));
  const accountNumber = `${digits(arng, 4)}/${randInt(arng, 10_000, 999_999)}-${randInt(arng, 0, 9)}`;
  const cardLast4 = digits(arng, 4);
  for (const r of card) if (r.creditCardMetadata) r.creditCardMetadata.cardNumber = cardLast4;

  // Opening balance high enough that the running balance never goes below R$ 1.000,00.
  let run = 0;
  let min = 0;
  for (const r of checking) {
    run += r.amountCents;
    if (run < min) min = run;
  }
  const openingBalanceCents = Math.max(randInt(arng, 2_000_000, 9_000_000), 100_000 - min);
  const accounts: AccountTemplate[] = [
    { key: 'checking', type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta Corrente PJ', number: accountNumber, openingBalanceCents, creditLimitCents: null, brand: null, level: null, rows: checking },
  ];
  if (card.length > 0 || spec.transactions === null) {
    accounts.push({ key: 'card', type: 'CREDIT', subtype: 'CREDIT_CARD', name: 'Cartão Empresarial', number: `xxxx${cardLast4}`, openingBalanceCents: 0, creditLimitCents: randInt(arng, 20, 150) * 100_000, brand: pick(arng, ['MASTERCARD', 'VISA', 'ELO']), level: pick(arng, ['GOLD', 'PLATINUM', 'BUSINESS']), rows: card });
  }
  return { spec, book, firm, accounts };
}

function sortByDate(rows: RowTemplate[]): void {
  // Stable: equal dates keep generation order.
  const order = rows.map((r, i) => [r.date, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const copy = rows.slice();
  for (let k = 0; k < order.length; k++) rows[k] = copy[order[k]![1]]!;
}

/** Card purchases (DEBIT, amount > 0) and one bill payment a month (CREDIT, amount < 0). */
function cardRows(rng: Rng, cal: ReturnType<typeof createCalendar>, count: number, anchorDate: string): RowTemplate[] {
  if (count === 0) return [];
  const bills = Math.min(24, Math.floor(count / 8));
  const rows: RowTemplate[] = [];
  const [category, categoryId] = CATEGORY.Card!;
  for (let i = 0; i < count - bills; i++) {
    const p = cardPurchase(rng, cal);
    const m = CARD_MERCHANTS[p.merchant]!;
    const date = cal.days[p.day]!;
    rows.push({
      date,
      amountCents: p.amountCents,
      type: 'DEBIT',
      description: p.description,
      descriptionRaw: null,
      category,
      categoryId,
      operationType: null,
      providerCode: null,
      // Recent purchases are not on a closed bill yet.
      status: date > shiftDays(anchorDate, -7) ? 'PENDING' : 'POSTED',
      paymentData: null,
      creditCardMetadata: {
        installmentNumber: p.installmentNumber ?? undefined,
        totalInstallments: p.totalInstallments ?? undefined,
        totalAmount: p.totalCents / 100,
        payeeMCC: m.mcc,
        purchaseDate: `${date}T00:00:00.000Z`,
      },
      merchant: { name: m.descriptor, businessName: m.businessName, cnpj: merchantCnpj(p.merchant), category: m.category },
    });
  }
  sortByDate(rows);
  // Each bill pays what was bought in the month before its due date.
  const months = bills === 0 ? [] : [...new Set(rows.map((r) => r.date.slice(0, 7)))].sort().slice(-bills);
  for (const month of months) {
    const total = rows.filter((r) => r.type === 'DEBIT' && r.date.startsWith(month)).reduce((s, r) => s + r.amountCents, 0);
    const due = `${nextMonth(month)}-10`;
    if (due > anchorDate || total === 0) continue;
    rows.push({
      date: due,
      amountCents: -total,
      type: 'CREDIT',
      description: 'PAGAMENTO RECEBIDO - OBRIGADO',
      descriptionRaw: null,
      category: 'Credit card payment',
      categoryId: '05100000',
      operationType: null,
      providerCode: null,
      status: 'POSTED',
      paymentData: null,
      creditCardMetadata: { billForecastDate: month },
      merchant: null,
    });
  }
  while (rows.length < count) rows.push(...cardRows(rng, cal, 1, anchorDate).slice(0, count - rows.length));
  sortByDate(rows);
  return rows;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const cache = new Map<string, FirmDataset>();
const CACHE_MAX = 6;

/** buildFirmDataset, memoised per resolved spec (the 100k-row dataset takes a few seconds). */
export function firmDataset(spec: FirmSpec): FirmDataset {
  const key = JSON.stringify(resolveSpec(spec));
  let ds = cache.get(key);
  if (ds) {
    cache.delete(key);
    cache.set(key, ds);
    return ds;
  }
  ds = buildFirmDataset(spec);
  cache.set(key, ds);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return ds;
}

