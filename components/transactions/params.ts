// The Transações filters as they live in the URL (bookmarkable), parsed with
// the API's own schema so the page never asks for what the API refuses; an
// invalid value is dropped rather than breaking the page.
import { TransactionQuerySchema } from '@/lib/pluggy/transaction-query';
import type { TransactionQueryParams } from '@/lib/hooks/types';

export const PAGE_SIZE = 50;
const KEYS = ['from', 'to', 'type', 'accountId', 'ignored', 'q', 'paymentMethod', 'cursor'] as const;

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

export function parseTxnSearch(search: Search): TransactionQueryParams {
  const get = (k: string) => (search instanceof URLSearchParams ? (search.get(k) ?? undefined) : [search[k]].flat()[0]);
  const out: TransactionQueryParams = { limit: PAGE_SIZE };
  for (const k of KEYS) {
    const v = get(k)?.trim();
    if (!v) continue;
    const one = TransactionQuerySchema.safeParse({ [k]: v });
    if (one.success) Object.assign(out, { [k]: (one.data as Record<string, unknown>)[k] });
  }
  if (out.from && out.to && out.from > out.to) delete out.to;
  return out;
}

/** The URL query of a filter (what the page links to and the export downloads). */
export function txnSearchString(p: TransactionQueryParams, { withCursor = true }: { withCursor?: boolean } = {}): string {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    if (k === 'cursor' && !withCursor) continue;
    const v = p[k];
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  return q.toString();
}
