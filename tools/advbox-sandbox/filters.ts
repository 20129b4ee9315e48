// The list filters of GET /customers and GET /transactions, as the live API
// applies them: AND-combined, text "contains" case- and accent-insensitive,
// documents compared by digits, date windows inclusive and applied only when
// BOTH ends are sent (a lone _start or _end is ignored, as observed on
// /posts), unknown parameters ignored.
import { onlyDigits } from '@/lib/documents';
import { fold, isIsoDate } from './text';
import type { WireCustomer, WireTransaction } from './wire';

type Query = URLSearchParams;
type Pred<T> = (item: T) => boolean;

const folded = new WeakMap<object, string>();
function foldedName(item: { name: string | null }): string {
  let f = folded.get(item);
  if (f === undefined) {
    f = fold(item.name ?? '');
    folded.set(item, f);
  }
  return f;
}

function text(q: Query, name: string): string | null {
  const v = q.get(name)?.trim();
  return v ? v : null;
}

function window(q: Query, prefix: string): [string, string] | null {
  const start = q.get(`${prefix}_start`);
  const end = q.get(`${prefix}_end`);
  return isIsoDate(start) && isIsoDate(end) ? [start, end] : null;
}

const within = (day: string | null, w: [string, string]) => day !== null && day >= w[0] && day <= w[1];

export function customerFilter(q: Query): Pred<WireCustomer> {
  const preds: Pred<WireCustomer>[] = [];
  const name = text(q, 'name');
  if (name) {
    const f = fold(name);
    preds.push((c) => foldedName(c).includes(f));
  }
  const id = text(q, 'identification');
  if (id) {
    const d = onlyDigits(id);
    preds.push((c) => d !== '' && onlyDigits(c.identification ?? '') === d);
  }
  const phone = text(q, 'phone');
  if (phone) {
    const d = onlyDigits(phone);
    preds.push((c) => d !== '' && [c.phone, c.cellphone].some((p) => p !== null && onlyDigits(p).includes(d)));
  }
  const email = text(q, 'email');
  if (email) {
    const f = fold(email);
    preds.push((c) => c.email !== null && fold(c.email).includes(f));
  }
  const created = window(q, 'created');
  if (created) preds.push((c) => within(c.created_at.slice(0, 10), created));
  return (c) => preds.every((p) => p(c));
}

export function transactionFilter(q: Query, createdOn: ReadonlyMap<number, string>): Pred<WireTransaction> {
  const preds: Pred<WireTransaction>[] = [];
  const due = window(q, 'date_due');
  if (due) preds.push((t) => within(t.date_due, due));
  const paid = window(q, 'date_payment');
  if (paid) preds.push((t) => within(t.date_payment, paid));
  const created = window(q, 'created');
  if (created) preds.push((t) => within(createdOn.get(t.id) ?? null, created));
  const doc = text(q, 'customer_identification');
  if (doc) {
    const d = onlyDigits(doc);
    preds.push((t) => d !== '' && onlyDigits(t.identification ?? '') === d);
  }
  const customer = text(q, 'customer_name');
  if (customer) {
    const f = fold(customer);
    preds.push((t) => t.name !== null && foldedName(t).includes(f));
  }
  for (const field of ['category', 'debit_bank', 'cost_center', 'responsible'] as const) {
    const v = text(q, field);
    if (v) {
      const f = fold(v);
      preds.push((t) => t[field] !== null && fold(t[field]!) === f);
    }
  }
  const lawsuit = text(q, 'lawsuit_id');
  if (lawsuit) preds.push((t) => String(t.lawsuit_id) === lawsuit);
  const processNumber = text(q, 'process_number');
  if (processNumber) preds.push((t) => t.process_number !== null && onlyDigits(t.process_number) === onlyDigits(processNumber));
  const description = text(q, 'description');
  if (description) {
    const f = fold(description);
    preds.push((t) => t.description !== null && fold(t.description).includes(f));
  }
  return (t) => preds.every((p) => p(t));
}

/** The filters the request carried (everything but paging), echoed as `query`. */
export function echoQuery(q: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) if (k !== 'limit' && k !== 'offset') out[k] = v;
  return out;
}
