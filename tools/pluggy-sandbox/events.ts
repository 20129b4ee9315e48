// Webhook payloads, shaped as pluggy-sdk's WebhookEventPayload plus the
// fields the docs add (clientUserId on item events, clientId,
// transactionsCount). `createdTransactionsLink` points at /v2/transactions
// with the event's createdAtFrom (the link's exact shape is unconfirmed).
import { randomUUID } from 'node:crypto';
import type { SandboxEvent, TriggeredBy } from './store';

export type Payload = Record<string, unknown> & { event: string; eventId: string };

export function payloadOf(e: SandboxEvent, baseUrl: string, triggeredBy: TriggeredBy): Payload {
  const item = e.item;
  const base = { eventId: randomUUID(), id: item.id, itemId: item.id, clientId: item.clientId };
  switch (e.event) {
    case 'transactions/created': {
      const from = new Date(e.createdAtFrom).toISOString();
      const link = `${baseUrl}/v2/transactions?accountId=${e.accountId}&createdAtFrom=${encodeURIComponent(from)}`;
      return { event: e.event, ...base, accountId: e.accountId, transactionsCreatedAtFrom: from, createdTransactionsLink: link, transactionsCount: e.count };
    }
    case 'transactions/updated':
    case 'transactions/deleted':
      return { event: e.event, ...base, accountId: e.accountId, transactionIds: e.transactionIds, transactionsCount: e.transactionIds.length };
    case 'item/error':
      return { event: e.event, ...base, triggeredBy, clientUserId: item.clientUserId, error: item.error ? { code: item.error.code, message: item.error.message } : null };
    default:
      return { event: e.event, ...base, triggeredBy, clientUserId: item.clientUserId };
  }
}

/** Any payload, for the driving API (eventId filled in unless given). */
export function buildPayload(event: string, fields: Record<string, unknown> = {}): Payload {
  return { event, eventId: randomUUID(), ...fields };
}
