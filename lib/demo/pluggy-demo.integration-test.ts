// The embedded demo across a restart of `npm start`: the Pluggy sandbox
// runs in memory, so the second start finds a stored item it does not know.
// resumeDemoBank restores it under its old id, with the very account and
// row ids already stored (nothing duplicated), registers the webhooks in
// the new sandbox, and a new client payment again arrives by webhook.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { POST as webhookRoute } from '@/app/api/webhooks/pluggy/route';
import { connectDemoBank, resumeDemoBank } from '@/lib/demo/pluggy-demo';
import { resetEnvCache } from '@/lib/env';
import { startJobWorkers } from '@/lib/jobs';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { webhookChangedJob } from '@/lib/pluggy/webhooks/changed-job';
import { pluggyWebhookBatchJob } from '@/lib/pluggy/webhooks/process-job';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { createTenant, testDb } from '@/test/db';
import { waitFor } from '@/test/jobs';
import { startRouteBridge, type RouteBridge } from '@/test/route-bridge';

const { db, pool } = testDb();
const names = ['APP_URL', 'PLUGGY_SANDBOX_URL', 'PLUGGY_API_URL', 'DEMO_LIVE_PAYMENTS'] as const;
const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
let bridge: RouteBridge;
const sandboxes: PluggySandbox[] = [];
// What `npm start` runs: the demo firm, anchored today.
const startSandbox = async () => {
  const sb = await startPluggySandbox({ updateDelayMs: 5, defaultFirm: { seed: 2026, customers: 15 } });
  sandboxes.push(sb);
  return sb;
};

beforeAll(async () => {
  let n = 0;
  bridge = await startRouteBridge(webhookRoute, { peer: () => `10.66.${(++n >> 8) & 255}.${n & 255}` });
  process.env.APP_URL = bridge.url;
  delete process.env.PLUGGY_API_URL;
  // The timer is the demo's; this test makes its payment itself.
  process.env.DEMO_LIVE_PAYMENTS = 'false';
  resetEnvCache();
  // The queue is shared by the run's files: binding an item queues its first sync, and those of other files
  // whose sandboxes are gone may still wait. The demo works its sync with a worker of its own, which would take
  // them first and sit in their retries; the demo of `npm start` has its database to itself.
  await pool.query(`UPDATE pgboss.job SET state = 'cancelled' WHERE name = 'pluggy.sync' AND state IN ('created', 'retry')`);
});
afterAll(async () => {
  for (const k of names) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
  await bridge?.close();
  for (const sb of sandboxes) await sb.close().catch(() => undefined);
});

async function storedIds(tenantId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(`SELECT pluggy_transaction_id AS id FROM pluggy_transactions WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY 1`, [tenantId]);
  return rows.map((r) => r.id);
}

describe('the demo bank after a restart', () => {
  it('is restored in the new sandbox with the stored ids, nothing duplicated, and live payments arrive again', async () => {
    const tenant = await createTenant(db, 'Escritório Demonstração');
    const user = await db.user.create({ data: { email: `demo-${randomUUID().slice(0, 8)}@test.local`, name: 'Pessoa Demonstração' } });
    await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email: user.email, role: 'OWNER' } });
    const log = () => undefined;
    const databaseUrl = inject('databaseUrl');

    const first = await startSandbox();
    const bank = await connectDemoBank({ databaseUrl, sandbox: first, tenantId: tenant.id, userId: user.id, appUrl: bridge.url, log });
    const before = await storedIds(tenant.id);
    expect(before.length).toBeGreaterThan(50);
    bank.stop();
    await first.close();

    // The next start: a new, empty sandbox.
    const second = await startSandbox();
    expect(() => second.control.getItem(bank.pluggyItemId)).toThrow();
    const resumed = await resumeDemoBank({ databaseUrl, sandbox: second, tenantId: tenant.id, appUrl: bridge.url, log });
    expect(resumed).toMatchObject({ pluggyItemId: bank.pluggyItemId, itemDbId: bank.itemDbId });
    expect(second.control.getItem(bank.pluggyItemId).status).toBe('UPDATED');
    const listed = second.control.accounts(bank.pluggyItemId).flatMap((a) => second.control.transactions(a.id)).map((t) => t.id).sort();
    expect(listed).toEqual(before);
    expect(await storedIds(tenant.id)).toEqual(before);
    const { rows: [{ n, d }] } = await pool.query(`SELECT count(*)::int AS n, count(DISTINCT pluggy_transaction_id)::int AS d FROM pluggy_transactions WHERE tenant_id = $1`, [tenant.id]);
    expect(n).toBe(d);
    expect(n).toBe(before.length);

    // A client pays; the new sandbox delivers it by webhook to the app, which stores it.
    await startJobWorkers({ jobs: [pluggyWebhookBatchJob, webhookChangedJob, kpiRefreshJob], pollingIntervalSeconds: 0.5 });
    const [paid] = second.control.payOpenReceivables(bank.pluggyItemId, 1, { notify: true });
    await second.control.settled();
    await waitFor('the payment stored', async () => (await storedIds(tenant.id)).includes(paid!.transaction.id), 30_000);
    expect((await storedIds(tenant.id)).length).toBe(before.length + 1);
  }, 120_000);
});
