// A Pluggy webhook delivery's body (pure). Liberal where Pluggy's docs are
// vague: unknown fields are kept in the stored payload, only what we act on
// is checked.
import { z } from 'zod';

export const WebhookPayload = z.looseObject({
  event: z.string().min(1).max(60),
  eventId: z.string().min(1).max(64),
  itemId: z.string().max(64).optional(),
  id: z.string().max(64).optional(),
  clientId: z.string().max(120).optional(),
  accountId: z.string().max(64).optional(),
  transactionIds: z.array(z.string().max(64)).max(100_000).optional(),
  transactionsCreatedAtFrom: z.string().max(40).optional(),
  createdTransactionsLink: z.string().max(2000).optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The item an event is about: `itemId`, or `id` on item events. */
export function eventItemId(p: WebhookPayload): string | null {
  return p.itemId ?? (p.event.startsWith('item/') ? (p.id ?? null) : null);
}

/** `createdAtFrom` of a transactions/created event: the field, else the link's query. */
export function createdAtFromOf(p: WebhookPayload): string | null {
  if (p.transactionsCreatedAtFrom && !Number.isNaN(Date.parse(p.transactionsCreatedAtFrom))) return p.transactionsCreatedAtFrom;
  if (p.createdTransactionsLink) {
    try {
      const v = new URL(p.createdTransactionsLink, 'https://api.pluggy.ai').searchParams.get('createdAtFrom');
      if (v && !Number.isNaN(Date.parse(v))) return v;
    } catch {
      // a malformed link: fall through
    }
  }
  return null;
}
