// A synthetic book (lib/synthetic/book) as the evaluation command's input,
// with the truth kept aside: the firm's open queue (credits of the last
// `queueDays`, and debits when the book has them), every client, the open
// receivables and the client mappings. `quirks` add what differs between
// banks and aggregators rather than between payers: documents bare or
// formatted, masked, a PIX key where the document should be.
import { formatCnpj, formatCpf, onlyDigits } from '@/lib/documents';
import { addDays, type Book } from '@/lib/synthetic/book';
import { createRng, deriveSeed, randInt, type Rng } from '@/lib/synthetic/rng';
import type { ReconcileInput } from './contract';
import type { Truth } from './metrics';

export interface Quirks {
  /** Share of statement documents sent as bare digits. */
  bareDocument: number;
  /** Share of statement documents masked ("***.456.789-**"), as some aggregators send them. */
  maskedDocument: number;
  /** Share of PIX credits whose document field holds the payer's PIX key (phone or e-mail) instead. */
  pixKeyAsDocument: number;
  /** Share of clients whose document Advbox returns formatted. */
  formattedCustomerDocument: number;
}

export const NO_QUIRKS: Quirks = { bareDocument: 0, maskedDocument: 0, pixKeyAsDocument: 0, formattedCustomerDocument: 0 };
export const COMMON_QUIRKS: Quirks = { bareDocument: 0.3, maskedDocument: 0, pixKeyAsDocument: 0.03, formattedCustomerDocument: 0.5 };

export interface LabelledOptions {
  /** Credits booked in the last N days up to the anchor date form the queue (use the book's openWindowDays). */
  queueDays: number;
  quirks?: Quirks;
}

export interface Labelled {
  input: ReconcileInput;
  truth: Map<string, Truth>;
}

function mobile(rng: Rng): string {
  return `+55${randInt(rng, 11, 99)}9${randInt(rng, 10_000_000, 99_999_999)}`;
}

function maskDoc(formatted: string): string {
  const d = onlyDigits(formatted);
  return d.length === 11 ? `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**` : `**.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-**`;
}

export function labelledInput(book: Book, options: LabelledOptions): Labelled {
  const quirks = options.quirks ?? NO_QUIRKS;
  const rng = createRng(deriveSeed(book.seed, 9));
  const from = addDays(book.anchorDate, -options.queueDays);
  const customers = new Map(book.customers.map((c) => [c.id, c]));
  const open = book.receivables.filter((r) => r.paidDate === null);
  const openIds = new Set(open.map((r) => r.id));
  const truth = new Map<string, Truth>();
  const transactions: ReconcileInput['transactions'] = [];

  for (const p of book.payments) {
    if (p.date <= from) continue;
    let payerDocument = p.payer.document;
    if (payerDocument) {
      const r = rng();
      if (r < quirks.maskedDocument) payerDocument = maskDoc(payerDocument);
      else if (r < quirks.maskedDocument + quirks.bareDocument) payerDocument = onlyDigits(payerDocument);
    }
    if (p.method === 'PIX' && rng() < quirks.pixKeyAsDocument) {
      // The payer's own key: the client's contact when the client pays, someone else's otherwise.
      const c = p.truth.customerId !== null && p.truth.kind !== 'relative' && p.truth.kind !== 'relative_mapped' ? customers.get(p.truth.customerId) : undefined;
      const useMail = rng() < 0.4;
      payerDocument = useMail && c?.email ? c.email : c?.phone ? `+${c.phone}` : mobile(rng);
    }
    transactions.push({
      id: p.id,
      date: p.date,
      amount: p.amountCents / 100,
      type: 'CREDIT',
      description: p.description,
      payerName: p.payer.name,
      payerDocument,
      payerEmail: p.payer.email,
      payerPhone: p.payer.phone ? `+${p.payer.phone}` : null,
    });
    truth.set(p.id, {
      kind: p.truth.kind,
      customerId: p.truth.customerId === null ? null : String(p.truth.customerId),
      receivableIds: p.truth.receivableIds.filter((id) => openIds.has(id)).map(String),
      distortions: p.truth.distortions,
    });
  }
  for (const d of book.debits ?? []) {
    if (d.date <= from) continue;
    transactions.push({ id: d.id, date: d.date, amount: d.amountCents / 100, type: 'DEBIT', description: d.description, payerName: null, payerDocument: null });
    truth.set(d.id, { kind: 'debit', customerId: null, receivableIds: [], distortions: [] });
  }

  return {
    input: {
      transactions,
      customers: book.customers.map((c) => ({
        id: String(c.id),
        name: c.name,
        document: c.document && rng() < quirks.formattedCustomerDocument ? (c.document.length === 11 ? formatCpf(c.document) : formatCnpj(c.document)) : c.document,
        email: c.email,
        phone: c.phone ? `+${c.phone}` : null,
      })),
      receivables: open.map((r) => ({ id: String(r.id), customerId: String(r.customerId), amount: r.amountCents / 100, dueDate: r.dueDate, description: r.description })),
      clientMappings: book.clientMappings.map((m) => ({ payerDocument: m.payerDocument, customerId: String(m.customerId) })),
    },
    truth,
  };
}
