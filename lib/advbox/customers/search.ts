// Client search for people (the Conciliação page's "Vincular pagador"): over
// the tenant's cached customer list (getCustomers: the copy in PostgreSQL,
// refreshed when due), never a request to Advbox per keystroke. Names match
// accent- and case-insensitively on every word typed; digits match the
// CPF/CNPJ's digits. Documents leave masked, as everywhere else.
import { AdvboxApiError, advboxClientForTenant, toApiError, type AdvboxClientOptions } from '@/lib/advbox/client';
import { maskDocument, onlyDigits } from '@/lib/documents';
import { foldText } from '@/lib/matching/normalize';
import type { Db } from '@/lib/prisma';
import { getCustomers } from './get-customers';

export interface AdvboxCustomerHit {
  /** Advbox id (digits), what POST /api/reconciliation/link takes. */
  id: string;
  name: string;
  /** Masked (***.456.789-**), or null. */
  document: string | null;
  city: string | null;
  state: string | null;
}

export interface CustomerSearchResult {
  items: AdvboxCustomerHit[];
  /** Customers matching (items holds the first `limit`, by name). */
  total: number;
  /** False while the tenant's copy is known to be partial: a missing client may just not be fetched yet. */
  complete: boolean;
}

/** Fewer digits than this match too many documents to mean anything. */
const MIN_DIGITS = 3;

/**
 * 409 when the tenant has no Advbox token (even with a copy left from before:
 * the answer must not depend on the cache); Advbox failing on a first crawl
 * leaves as its ApiError (429 / 502 / 503), never a 500.
 */
export async function searchCustomers(
  db: Db,
  tenantId: string,
  query: { q?: string; limit: number },
  clientOptions: Omit<AdvboxClientOptions, 'token' | 'tenantId'> = {},
): Promise<CustomerSearchResult> {
  let customers, complete;
  try {
    const client = await advboxClientForTenant(db, tenantId, clientOptions);
    ({ customers, complete } = await getCustomers(db, tenantId, { client }));
  } catch (err) {
    if (err instanceof AdvboxApiError) throw toApiError(err);
    throw err;
  }
  const text = query.q?.trim() ?? '';
  const words = foldText(text.replace(/[\d./-]+/g, ' ')).split(' ').filter(Boolean);
  const digits = onlyDigits(text);
  const useDigits = digits.length >= MIN_DIGITS;
  const hits = customers.filter((c) => {
    if (useDigits && !(c.document ?? '').includes(digits)) return false;
    if (words.length === 0) return useDigits || text === '';
    const name = ` ${foldText(c.name)} `;
    return words.every((w) => name.includes(` ${w}`));
  });
  hits.sort((a, b) => a.name.localeCompare(b.name, 'pt-BR') || a.id - b.id);
  return {
    total: hits.length,
    complete,
    items: hits.slice(0, query.limit).map((c) => ({
      id: String(c.id),
      name: c.name,
      document: c.document ? maskDocument(c.document) : null,
      city: c.city,
      state: c.state,
    })),
  };
}
