// A synthetic book (lib/synthetic/book) as an Advbox account holds it: its
// clients as customers, its receivables as income transactions, plus the
// firm's own monthly expenses, so a client must filter on entry_type. The
// same book options the Pluggy sandbox uses give the same people here.
import { addDays, addMonths, type Book, type BookCustomer } from '@/lib/synthetic/book';
import { brDate, competenceOf, formatDocument, formatPhone, upper } from './text';
import type { WireCategory, WireCustomer, WireSettings, WireTransaction } from './wire';

export const RESPONSIBLE = 'PESSOA ADVOGADA';
export const MAIN_BANK = 'CONTA PRINCIPAL';
export const COST_CENTER = 'ESCRITORIO-GERAL';
const ORIGINS = ['INDICAÇÃO', 'SITE', 'INSTAGRAM', 'GOOGLE', 'CLIENTE ANTIGO'];
const EXPENSES: readonly [category: string, day: number, amount: number][] = [
  ['ALUGUEL', 5, 8500],
  ['SALÁRIOS', 5, 24000],
  ['CUSTAS PROCESSUAIS', 15, 1234.56],
];
/** Expense ids live far from receivable ids (17,800,001 upwards). */
const FIRST_EXPENSE_ID = 27_800_001;

export function baseSettings(categories: WireCategory[]): WireSettings {
  return {
    users: [{ id: 310001, name: RESPONSIBLE, email: 'advogada@exemplo.com.br', cellphone: '(11) 90000-0000' }],
    origins: ORIGINS.map((origin, i) => ({ id: 520001 + i, origin })),
    tasks: [],
    stages: [],
    lawsuit_types: [],
    financial: {
      banks: [{ id: 193001, name: MAIN_BANK }],
      categories,
      cost_centers: [{ id: 60801, cost_center: COST_CENTER }],
      departments: [{ id: 1, department: 'JURÍDICO' }],
    },
  };
}

/** Categories of an account with no book: one of each type. */
export const DEFAULT_CATEGORIES: WireCategory[] = [
  { id: 51, category: 'HONORÁRIOS INICIAIS', type: 'CRÉDITO' },
  { id: 52, category: 'ALUGUEL', type: 'DÉBITO' },
];

/** About a third of the clients have one lawsuit (derived from the id, not drawn: the book stays untouched). */
function lawsuitOf(c: BookCustomer): WireCustomer['lawsuits'][number] | null {
  if (c.id % 10 >= 3) return null;
  const seq = String(c.id % 10_000_000).padStart(7, '0');
  return { lawsuit_id: 2_200_000 + (c.id % 1_000_000), process_number: `${seq}-${String(c.id % 97).padStart(2, '0')}.2025.8.26.0100`, protocol_number: null };
}

export function wireCustomer(c: BookCustomer): WireCustomer {
  const lawsuit = lawsuitOf(c);
  return {
    id: c.id,
    name: upper(c.name),
    // A missing CPF/CNPJ comes back as null or as an empty string.
    identification: c.document ? formatDocument(c.document) : c.id % 2 ? null : '',
    document: null,
    gender: null,
    cellphone: c.phone ? formatPhone(c.phone) : null,
    phone: null,
    email: c.email ? upper(c.email) : null,
    birthdate: c.birthdate ? brDate(c.birthdate) : null,
    civil_status: null,
    occupation: null,
    street: null,
    region: null,
    city: upper(c.city),
    state: c.state,
    country: 'BRASIL',
    postalcode: null,
    number_ctps: null,
    number_pis: null,
    number_cid: null,
    notes: null,
    origin: ORIGINS[c.id % ORIGINS.length]!,
    created_at: c.createdAt,
    lawsuits: lawsuit ? [lawsuit] : [],
  };
}

export interface SandboxLedger {
  customers: WireCustomer[];
  transactions: WireTransaction[];
  /** Transaction id → the day it was created (the `created_*` filters; not a field of the object). */
  createdOn: Map<number, string>;
  settings: WireSettings;
}

export function ledgerFromBook(book: Book): SandboxLedger {
  const customers = book.customers.map(wireCustomer);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const incomeNames = [...new Set(book.receivables.map((r) => r.category))].sort();
  const categories: WireCategory[] = [
    ...incomeNames.map((category, i) => ({ id: 51 + i, category: upper(category), type: 'CRÉDITO' as const })),
    ...EXPENSES.map(([category], i) => ({ id: 71 + i, category, type: 'DÉBITO' as const })),
  ];
  const createdOn = new Map<number, string>();
  const planStart = new Map<number, string>();
  for (const r of book.receivables) {
    const s = planStart.get(r.customerId);
    if (!s || r.dueDate < s) planStart.set(r.customerId, r.dueDate);
  }
  const transactions: WireTransaction[] = book.receivables.map((r) => {
    const c = byId.get(r.customerId)!;
    const clientSince = c.created_at.slice(0, 10);
    const first = planStart.get(r.customerId)!;
    createdOn.set(r.id, clientSince < first ? clientSince : first);
    const lawsuit = c.lawsuits[0] ?? null;
    return {
      id: r.id,
      entry_type: 'income',
      date_due: r.dueDate,
      date_payment: r.paidDate,
      competence: competenceOf(r.dueDate),
      amount: r.amountCents / 100,
      description: upper(r.description),
      is_internal: false,
      is_recurrent: /PARCELA/.test(r.description),
      responsible: RESPONSIBLE,
      category: upper(r.category),
      cost_center: COST_CENTER,
      debit_bank: MAIN_BANK,
      credit_bank: null,
      name: c.name,
      identification: c.identification || null,
      lawsuit_id: lawsuit?.lawsuit_id ?? null,
      process_number: lawsuit?.process_number ?? null,
      protocol_number: null,
    };
  });

  // The firm's own bills, every month of the book and two months ahead (open).
  let id = FIRST_EXPENSE_ID;
  const first = addMonths(book.anchorDate, -24).slice(0, 8) + '01';
  for (let month = first; month <= addMonths(book.anchorDate, 2); month = addMonths(month, 1)) {
    for (const [category, day, amount] of EXPENSES) {
      const due = `${month.slice(0, 8)}${String(day).padStart(2, '0')}`;
      createdOn.set(id, addDays(due, -10));
      transactions.push({
        id: id++,
        entry_type: 'expense',
        date_due: due,
        date_payment: due <= book.anchorDate ? due : null,
        competence: competenceOf(due),
        amount,
        description: category === 'ALUGUEL' ? `ALUGUEL SALA ${competenceOf(due)}` : null,
        is_internal: false,
        is_recurrent: true,
        responsible: RESPONSIBLE,
        category,
        cost_center: COST_CENTER,
        debit_bank: MAIN_BANK,
        credit_bank: null,
        name: null,
        identification: null,
        lawsuit_id: null,
        process_number: null,
        protocol_number: null,
      });
    }
  }
  transactions.sort((a, b) => a.id - b.id);
  return { customers, transactions, createdOn, settings: baseSettings(categories) };
}
