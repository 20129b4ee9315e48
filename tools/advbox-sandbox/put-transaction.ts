// PUT /transactions/{id}: the fields Advbox accepts on an update and the
// rules it applies (shared specs/advbox.md §6.4), including its amount trap:
// the API reads "." as a THOUSANDS separator, so a JSON number 1500.5 (or
// the string "1500.50") is stored as 15005 (150050); only the BR form
// "1.500,50" / "1500,50" or an integer is read as meant. A client that
// resends `amount` carelessly corrupts the receivable here as it would there.
import { competenceOf, isIsoDate, upper } from './text';
import type { WireCategory, WireTransaction } from './wire';

export type PutOutcome =
  | { ok: true; changes: Partial<WireTransaction> }
  | { ok: false; status: 422 | 500; body: unknown };

function invalid(field: string, message: string): PutOutcome {
  return { ok: false, status: 422, body: { message: 'The given data was invalid.', errors: { [field]: [message] } } };
}

/** What Advbox stores for an `amount` as sent, in reais (null: unreadable). */
export function storedAmount(raw: unknown): number | null {
  let text: string;
  if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'string') text = raw.trim();
  else return null;
  if (!/^-?[\d.]+(,\d+)?$/.test(text)) return null;
  // The trap: every "." is a thousands separator, "," the decimal point.
  const n = Number(text.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : null;
}

export function applyPut(
  body: unknown,
  categories: readonly WireCategory[],
  today: string,
): PutOutcome {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalid('body', 'The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const changes: Partial<WireTransaction> = {};

  if ('date_payment' in b) {
    const v = b.date_payment;
    if (v !== null && !isIsoDate(v)) return invalid('date_payment', 'The date payment does not match the format Y-m-d.');
    if (v !== null && v > today) return invalid('date_payment', 'The date payment must be a date before or equal to today.');
    changes.date_payment = v;
  }
  if ('amount' in b) {
    const amount = storedAmount(b.amount);
    if (amount === null) return invalid('amount', 'The amount format is invalid.');
    // Observed: amount 0 is not validated, it breaks the server.
    if (amount === 0) return { ok: false, status: 500, body: { message: 'Server Error' } };
    if (amount < 0) return invalid('amount', 'The amount must be greater than 0.');
    changes.amount = amount;
  }
  if ('date_due' in b) {
    if (!isIsoDate(b.date_due)) return invalid('date_due', 'The date due does not match the format Y-m-d.');
    changes.date_due = b.date_due;
    changes.competence = competenceOf(b.date_due);
  }
  if ('competence' in b) {
    if (typeof b.competence !== 'string' || !/^(0[1-9]|1[0-2])\/\d{4}$/.test(b.competence)) {
      return invalid('competence', 'The competence does not match the format m/Y.');
    }
    changes.competence = b.competence;
  }
  if ('description' in b) {
    if (b.description !== null && typeof b.description !== 'string') return invalid('description', 'The description must be a string.');
    changes.description = b.description === null ? null : upper(b.description);
  }
  const hasType = 'entry_type' in b;
  const hasCategory = 'categories_id' in b;
  if (hasType !== hasCategory) {
    return invalid(hasType ? 'categories_id' : 'entry_type', 'The entry type and categories id fields must be sent together.');
  }
  if (hasType) {
    if (b.entry_type !== 'income' && b.entry_type !== 'expense') return invalid('entry_type', 'The selected entry type is invalid.');
    const category = categories.find((c) => c.id === Number(b.categories_id));
    if (!category) return invalid('categories_id', 'The selected categories id is invalid.');
    if ((category.type === 'CRÉDITO') !== (b.entry_type === 'income')) {
      return invalid('categories_id', 'The category does not match the entry type.');
    }
    changes.entry_type = b.entry_type;
    changes.category = category.category;
  }
  return { ok: true, changes };
}
