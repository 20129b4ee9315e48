// Group commit of acknowledged webhook events: concurrent deliveries share
// statements, each is answered only once its event is stored, a duplicate
// (same tenant and eventId, in the same statement or not) stores nothing
// new, and one event the database refuses fails alone, not its group.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTenant, testDb } from '@/test/db';
import { storeWebhookEvent, type NewWebhookEvent } from './store-event';

const { db } = testDb();
const event = (tenantId: string, eventId = randomUUID(), payload?: string): NewWebhookEvent => ({
  tenantId,
  eventId,
  event: 'transactions/deleted',
  itemId: 'item-1',
  payload: payload ?? JSON.stringify({ event: 'transactions/deleted', eventId, transactionIds: ['t'] }),
});

describe('storeWebhookEvent', () => {
  it('stores concurrent deliveries once each, answering each after its statement; duplicates in a group are duplicates', async () => {
    const [a, b] = await Promise.all([createTenant(db), createTenant(db)]);
    const ids = Array.from({ length: 40 }, () => randomUUID());
    // The same eventId for two tenants is two events; the same one twice for a tenant is one.
    const sent = [...ids.map((id) => event(a.id, id)), ...ids.slice(0, 10).map((id) => event(a.id, id)), ...ids.slice(0, 5).map((id) => event(b.id, id))];
    const answers = await Promise.all(sent.map((e) => storeWebhookEvent(e)));
    // Resolved only after commit: every answered event is visible to another connection now.
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: a.id } })).toBe(40);
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: b.id } })).toBe(5);
    expect(answers.slice(0, 40).every((r) => r.inserted && !r.processed)).toBe(true);
    expect(answers.slice(40, 50).every((r) => !r.inserted)).toBe(true);
    expect(answers.slice(50).every((r) => r.inserted)).toBe(true);

    // A replay of a processed event says so.
    await db.pluggyWebhookEvent.updateMany({ where: { tenantId: a.id, eventId: ids[0]! }, data: { processedAt: new Date() } });
    expect(await storeWebhookEvent(event(a.id, ids[0]!))).toEqual({ inserted: false, processed: true });
  });

  it('an event the database refuses fails alone; the rest of its group is stored', async () => {
    const t = await createTenant(db);
    // jsonb refuses \u0000 in a string.
    const bad = event(t.id, randomUUID(), '{"event":"x","eventId":"y","note":"\\u0000"}');
    const good = Array.from({ length: 10 }, () => event(t.id));
    const results = await Promise.allSettled([...good.slice(0, 5), bad, ...good.slice(5)].map((e) => storeWebhookEvent(e)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[5]!.status).toBe('rejected');
    expect(await db.pluggyWebhookEvent.count({ where: { tenantId: t.id } })).toBe(10);
  });
});
