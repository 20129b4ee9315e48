// One Advbox account (one token): its customers, transactions and settings,
// with the helpers tests use to inspect and change them.
import { generateBook, type Book, type BookOptions } from '@/lib/synthetic/book';
import { baseSettings, DEFAULT_CATEGORIES, ledgerFromBook, MAIN_BANK, RESPONSIBLE, COST_CENTER, type SandboxLedger } from './from-book';
import { competenceOf, formatDocument, spDateTime, upper } from './text';
import type { WireCustomer, WireSettings, WireTransaction } from './wire';

/** What an account starts with: a book (or its options), or nothing. */
export interface FirmSource {
  book?: Book;
  bookOptions?: BookOptions;
  settings?: WireSettings;
}

function maxKey(keys: Iterable<number>, floor: number): number {
  let max = floor;
  for (const k of keys) if (k > max) max = k;
  return max;
}

export class SandboxFirm {
  readonly customers: WireCustomer[];
  readonly transactions: WireTransaction[];
  readonly settings: WireSettings;
  /** The book it was loaded from, if any. */
  readonly book: Book | null;
  private readonly createdOn: Map<number, string>;
  private readonly customerIndex: Map<number, WireCustomer>;
  private readonly transactionIndex: Map<number, WireTransaction>;

  constructor(
    readonly token: string,
    source: FirmSource,
    private readonly now: () => number,
  ) {
    this.book = source.book ?? (source.bookOptions ? generateBook(source.bookOptions) : null);
    const ledger: SandboxLedger = this.book
      ? ledgerFromBook(this.book)
      : { customers: [], transactions: [], createdOn: new Map(), settings: baseSettings(DEFAULT_CATEGORIES) };
    this.customers = ledger.customers;
    this.transactions = ledger.transactions;
    this.createdOn = ledger.createdOn;
    this.settings = source.settings ?? ledger.settings;
    this.customerIndex = new Map(this.customers.map((c) => [c.id, c]));
    this.transactionIndex = new Map(this.transactions.map((t) => [t.id, t]));
  }

  customer(id: number): WireCustomer | undefined {
    return this.customerIndex.get(id);
  }

  transaction(id: number): WireTransaction | undefined {
    return this.transactionIndex.get(id);
  }

  createdDay(transactionId: number): string | undefined {
    return this.createdOn.get(transactionId);
  }

  get createdDays(): ReadonlyMap<number, string> {
    return this.createdOn;
  }

  isPaid(transactionId: number): boolean {
    return this.transaction(transactionId)?.date_payment != null;
  }

  /** A customer created now (created_at on the sandbox clock), as the firm would type it. */
  addCustomer(fields: { name: string; document?: string | null; email?: string | null; cellphone?: string | null } & Partial<WireCustomer>): WireCustomer {
    const id = maxKey(this.customerIndex.keys(), 9_100_000) + 1;
    const { document: doc, name, ...rest } = fields;
    const c: WireCustomer = {
      id,
      name: upper(name),
      identification: doc ? formatDocument(doc) : null,
      document: null,
      gender: null,
      cellphone: null,
      phone: null,
      email: null,
      birthdate: null,
      civil_status: null,
      occupation: null,
      street: null,
      region: null,
      city: null,
      state: null,
      country: 'BRASIL',
      postalcode: null,
      number_ctps: null,
      number_pis: null,
      number_cid: null,
      notes: null,
      origin: 'INDICAÇÃO',
      created_at: spDateTime(this.now()),
      lawsuits: [],
      ...rest,
    };
    if (c.email) c.email = upper(c.email);
    this.customers.push(c);
    this.customerIndex.set(id, c);
    return c;
  }

  /** An open receivable of a customer, created today. */
  addReceivable(customerId: number, fields: { amount: number; date_due: string; description?: string; category?: string }): WireTransaction {
    const c = this.customer(customerId);
    if (!c) throw new Error(`no customer ${customerId}`);
    // Below the expense ids (27,800,001+), above every receivable.
    const id = maxKey([...this.transactionIndex.keys()].filter((k) => k < 27_800_000), 17_800_000) + 1;
    const t: WireTransaction = {
      id,
      entry_type: 'income',
      date_due: fields.date_due,
      date_payment: null,
      competence: competenceOf(fields.date_due),
      amount: fields.amount,
      description: upper(fields.description ?? 'HONORÁRIOS'),
      is_internal: false,
      is_recurrent: false,
      responsible: RESPONSIBLE,
      category: upper(fields.category ?? this.settings.financial.categories.find((k) => k.type === 'CRÉDITO')?.category ?? 'HONORÁRIOS'),
      cost_center: COST_CENTER,
      debit_bank: MAIN_BANK,
      credit_bank: null,
      name: c.name,
      identification: c.identification || null,
      lawsuit_id: null,
      process_number: null,
      protocol_number: null,
    };
    this.transactions.push(t);
    this.transactionIndex.set(id, t);
    this.createdOn.set(id, spDateTime(this.now()).slice(0, 10));
    return t;
  }
}
