// The embedded demo's Advbox: the sandbox holds the book of the local Pluggy
// sandbox's default firm (so the demo's credits pay its open receivables),
// and the demo firm gets its token only when it has none.
import { afterAll, describe, expect, it } from 'vitest';
import { advboxClientForTenant } from '@/lib/advbox/client';
import { resetEnvCache } from '@/lib/env';
import { readSecret, updateSettings } from '@/lib/settings/settings';
import { generateBook } from '@/lib/synthetic/book';
import { testDb } from '@/test/db';
import { DEMO_ADVBOX_BOOK, DEMO_ADVBOX_TOKEN, startDemoAdvbox } from './advbox-sandbox';
import { DEMO_TENANT_SLUG } from './ensure-demo-data';

const { db } = testDb();
const previousUrl = process.env.ADVBOX_API_URL;
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
  else process.env.ADVBOX_API_URL = previousUrl;
  resetEnvCache();
  await db.tenant.deleteMany({ where: { slug: DEMO_TENANT_SLUG } });
});

describe('demo Advbox', () => {
  it('serves the Pluggy demo book and connects the demo firm once', async () => {
    const today = new Date('2026-11-30T12:00:00Z');
    const demo = await startDemoAdvbox(today);
    try {
      const tenant = await db.tenant.create({ data: { name: 'Demo', slug: DEMO_TENANT_SLUG, settings: { create: {} } } });
      const logs: string[] = [];
      await demo.configureDemoFirm(process.env.DATABASE_URL!, (l) => logs.push(l));
      expect(await readSecret(db, tenant.id, 'advboxToken')).toBe(DEMO_ADVBOX_TOKEN);
      expect(logs).toHaveLength(1);
      // A firm's own token is never replaced.
      await updateSettings(db, { tenantId: tenant.id, actorId: 'test', input: { advboxToken: 'token-proprio-do-escritorio' } });
      await demo.configureDemoFirm(process.env.DATABASE_URL!, (l) => logs.push(l));
      expect(await readSecret(db, tenant.id, 'advboxToken')).toBe('token-proprio-do-escritorio');
      await updateSettings(db, { tenantId: tenant.id, actorId: 'test', input: { advboxToken: DEMO_ADVBOX_TOKEN } });

      process.env.ADVBOX_API_URL = demo.url;
      resetEnvCache();
      const client = await advboxClientForTenant(db, tenant.id);
      const book = generateBook({ ...DEMO_ADVBOX_BOOK, anchorDate: '2026-11-30' });
      const customers = await client.listCustomers();
      expect(customers.items.map((c) => c.id).sort()).toEqual(book.customers.map((c) => c.id).sort());
      const open = await client.listOpenReceivables({ dueFrom: '2025-06-01', dueTo: '2026-12-31', windowMonths: 6 });
      const openIds = new Set(open.items.map((t) => t.id));
      // Credits the Pluggy sandbox will show pay receivables this Advbox still has open.
      const payable = book.payments.filter((p) => p.truth.receivableIds.length && p.truth.receivableIds.every((id) => openIds.has(id)));
      expect(payable.length).toBeGreaterThan(10);
    } finally {
      await demo.close();
    }
  });
});
