// GET /api/receivables' query, shared by the route and the Cobranças page
// (whose filters live in the URL), so the page never asks for what the API refuses.
import { z } from 'zod';
import type { BillingQuery } from './reminders';

export const PAGE_SIZE = 50;

export const BillingQuerySchema = z.strictObject({
  bucket: z.enum(['overdue', 'today', 'soon', 'all']).default('overdue'),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

/** The page's URL → a valid query (an invalid value is dropped, not an error page). */
export function parseBillingSearch(search: Search): BillingQuery {
  const get = (k: string) => (search instanceof URLSearchParams ? (search.get(k) ?? undefined) : [search[k]].flat()[0]);
  const out: BillingQuery = { bucket: 'overdue', limit: PAGE_SIZE, offset: 0 };
  for (const k of ['bucket', 'q', 'offset'] as const) {
    const v = get(k)?.trim();
    if (!v) continue;
    const one = BillingQuerySchema.safeParse({ [k]: v });
    if (one.success) Object.assign(out, { [k]: one.data[k] });
  }
  return out;
}

export function billingSearchString(q: BillingQuery): string {
  const s = new URLSearchParams();
  if (q.bucket !== 'overdue') s.set('bucket', q.bucket);
  if (q.q) s.set('q', q.q);
  if (q.offset) s.set('offset', String(q.offset));
  return s.toString();
}
