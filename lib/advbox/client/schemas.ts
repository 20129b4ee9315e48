// What we read from Advbox, validated with zod and normalised into our own
// shapes. Unknown fields are ignored (z.object strips them); nullable fields
// are read liberally (fields.ts); a response whose structure is wrong (no
// `data` array, an item without an id, an amount that is not one) is
// rejected whole, so a crawl never silently drops an item.
import { z } from 'zod';
import { bool, id, looseArray, optionalInt, readBool, readCents, readDate, readDocument, readEntryType, readInt, readText, text } from './fields';

export interface AdvboxCustomer {
  id: number;
  /** Upper case, accents kept, as Advbox stores it. */
  name: string;
  /** CPF/CNPJ as Advbox sent it (usually formatted), or null. */
  identification: string | null;
  /** The same, as digits, when it is 11 or 14 digits long. */
  document: string | null;
  email: string | null;
  phone: string | null;
  cellphone: string | null;
  /** YYYY-MM-DD (Advbox sends DD/MM/YYYY). */
  birthdate: string | null;
  city: string | null;
  state: string | null;
  origin: string | null;
  /** 'YYYY-MM-DD HH:MM:SS', São Paulo wall time, as sent. */
  createdAt: string | null;
  lawsuits: { id: number; processNumber: string | null }[];
}

// One transform over the whole object rather than a schema per field: the
// same readers, three to five times faster on pages of 1,000.
const field = z.unknown().optional();

function requireId(raw: unknown, ctx: z.RefinementCtx, path = 'id'): number | null {
  const n = readInt(raw);
  if (n !== null && n > 0) return n;
  ctx.addIssue({ code: 'custom', path: [path], message: `not an Advbox id: ${JSON.stringify(raw)}` });
  return null;
}

function lawsuitsOf(raw: unknown): AdvboxCustomer['lawsuits'] {
  if (!Array.isArray(raw)) return [];
  const out: AdvboxCustomer['lawsuits'] = [];
  for (const l of raw) {
    const id = l && typeof l === 'object' ? readInt((l as Record<string, unknown>).lawsuit_id) : null;
    if (id !== null) out.push({ id, processNumber: readText((l as Record<string, unknown>).process_number) });
  }
  return out;
}

export const customerSchema = z
  .object({
    id: field,
    name: field,
    identification: field,
    email: field,
    phone: field,
    cellphone: field,
    birthdate: field,
    city: field,
    state: field,
    origin: field,
    created_at: field,
    lawsuits: field,
  })
  .transform((c, ctx): AdvboxCustomer => {
    const id = requireId(c.id, ctx);
    if (id === null) return z.NEVER;
    const identification = readText(c.identification);
    return {
      id,
      name: readText(c.name) ?? '',
      identification,
      document: readDocument(identification),
      email: readText(c.email),
      phone: readText(c.phone),
      cellphone: readText(c.cellphone),
      birthdate: readDate(c.birthdate),
      city: readText(c.city),
      state: readText(c.state),
      origin: readText(c.origin),
      createdAt: readText(c.created_at),
      lawsuits: lawsuitsOf(c.lawsuits),
    };
  });

export interface AdvboxTransaction {
  id: number;
  /** Receivable (income) or payable (expense); null when Advbox sent neither. */
  entryType: 'income' | 'expense' | null;
  dateDue: string | null;
  /** YYYY-MM-DD when paid and readable. */
  datePayment: string | null;
  /** date_payment was present and not empty: Advbox has it as paid (even if the date was unreadable). */
  paid: boolean;
  competence: string | null;
  /** Positive, in cents. */
  amountCents: number;
  description: string | null;
  category: string | null;
  costCenter: string | null;
  debitBank: string | null;
  creditBank: string | null;
  responsible: string | null;
  /** The customer's name and CPF/CNPJ (as sent, and as digits): the only link to the customer. */
  customerName: string | null;
  customerIdentification: string | null;
  customerDocument: string | null;
  lawsuitId: number | null;
  processNumber: string | null;
  isRecurrent: boolean | null;
}

export const transactionSchema = z
  .object({
    id: field,
    entry_type: field,
    type: field,
    date_due: field,
    date_payment: field,
    competence: field,
    amount: field,
    description: field,
    category: field,
    cost_center: field,
    debit_bank: field,
    credit_bank: field,
    responsible: field,
    name: field,
    customer_name: field,
    identification: field,
    lawsuit_id: field,
    process_number: field,
    is_recurrent: field,
  })
  .transform((t, ctx): AdvboxTransaction => {
    const id = requireId(t.id, ctx);
    const amount = readCents(t.amount);
    if (amount === null) ctx.addIssue({ code: 'custom', path: ['amount'], message: `not an amount: ${JSON.stringify(t.amount)}` });
    if (id === null || amount === null) return z.NEVER;
    const identification = readText(t.identification);
    return {
      id,
      entryType: readEntryType(t.entry_type) ?? readEntryType(t.type),
      dateDue: readDate(t.date_due),
      datePayment: readDate(t.date_payment),
      paid: readText(t.date_payment) !== null,
      competence: readText(t.competence),
      amountCents: Math.abs(amount),
      description: readText(t.description),
      category: readText(t.category),
      costCenter: readText(t.cost_center),
      debitBank: readText(t.debit_bank),
      creditBank: readText(t.credit_bank),
      responsible: readText(t.responsible),
      customerName: readText(t.name) ?? readText(t.customer_name),
      customerIdentification: identification,
      customerDocument: readDocument(identification),
      lawsuitId: readInt(t.lawsuit_id),
      processNumber: readText(t.process_number),
      isRecurrent: readBool(t.is_recurrent),
    };
  });

export interface AdvboxSettings {
  users: { id: number; name: string | null; email: string | null }[];
  origins: { id: number; name: string | null }[];
  banks: { id: number; name: string | null }[];
  /** `type` read from CRÉDITO/DÉBITO or income/expense. */
  categories: { id: number; name: string | null; type: 'income' | 'expense' | null }[];
  costCenters: { id: number; name: string | null }[];
}


export const settingsSchema = z
  .object({
    users: looseArray(z.object({ id, name: text, email: text })),
    origins: looseArray(z.object({ id, origin: text }).transform((o) => ({ id: o.id, name: o.origin }))),
    financial: z
      .object({
        banks: looseArray(z.object({ id, name: text })),
        categories: looseArray(z.object({ id, category: text, type: z.unknown().optional() })),
        cost_centers: looseArray(z.object({ id, cost_center: text }).transform((o) => ({ id: o.id, name: o.cost_center }))),
      })
      .nullish()
      .transform((f) => f ?? { banks: [], categories: [], cost_centers: [] }),
  })
  .transform(
    (s): AdvboxSettings => ({
      users: s.users,
      origins: s.origins,
      banks: s.financial.banks,
      categories: s.financial.categories.map((c) => ({ id: c.id, name: c.category, type: readEntryType(c.type) })),
      costCenters: s.financial.cost_centers,
    }),
  );

/** The list envelope: {data, limit, offset, query?, totalCount}; only `data` is required. */
export function envelopeSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    totalCount: optionalInt,
  });
}

/** PUT /transactions/{id}: {success, transactions_id} (unconfirmed; any 2xx counts). */
export const updateResultSchema = z
  .object({ success: bool, transactions_id: optionalInt })
  .partial()
  .nullish();
