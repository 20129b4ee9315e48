// The embedded demo's bank, the real way: the demo firm connects to the
// local Pluggy sandbox through the code a user's connect runs (a connect
// token for the owner, the item created with it as the Connect widget
// does, POST /api/pluggy/items' bindItem), is filled by a real
// `pluggy.sync` job, registers its webhooks, and then receives a new
// client payment by webhook every DEMO_LIVE_PAYMENT_SECONDS, so a
// newcomer watching the dashboard sees data arrive.
//
// Runs in the `npm start` process (which owns the sandbox) before the app
// serves; the sync job is worked here for that one run, then the app's
// own workers take over.
import { env, resetEnvCache } from '@/lib/env';
import { getJob, startJobWorkers, stopJobWorkers } from '@/lib/jobs';
import { enqueue } from '@/lib/jobs/enqueue';
import { pluggyForTenant } from '@/lib/pluggy/client';
import { bindItem } from '@/lib/pluggy/items/bind-item';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { setupWebhooks } from '@/lib/pluggy/webhooks/setup';
import { getPrisma } from '@/lib/prisma';
import type { PluggySandbox } from '@/tools/pluggy-sandbox/server';

export interface DemoBank {
  pluggyItemId: string;
  itemDbId: string;
  /** Stops the live payments. */
  stop(): void;
}

/** The Connect widget's part: create the item at "Pluggy" with the connect token. */
async function connectLikeTheWidget(sandboxUrl: string, connectToken: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': connectToken },
    body: JSON.stringify({ connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' } }),
  });
  if (!res.ok) throw new Error(`sandbox refused the demo connection: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function connectDemoBank(opts: {
  databaseUrl: string;
  sandbox: PluggySandbox;
  tenantId: string;
  userId: string;
  /** Where the app will serve (webhook deliveries go there). */
  appUrl: string;
  log: (line: string) => void;
}): Promise<DemoBank> {
  const { sandbox, tenantId, userId, log } = opts;
  // This process talks to the same database and sandbox the app will.
  process.env.DATABASE_URL = opts.databaseUrl;
  process.env.PLUGGY_SANDBOX_URL = sandbox.url;
  process.env.APP_URL ??= opts.appUrl;
  resetEnvCache();
  const db = getPrisma();

  const api = await pluggyForTenant(db, tenantId, { policy: 'background' });
  const token = await api.createConnectToken(userId);
  const pluggyItemId = await connectLikeTheWidget(sandbox.url, token);
  await sandbox.control.waitForItem(pluggyItemId, 60_000);
  const { item } = await bindItem(db, { tenantId, actorId: userId }, pluggyItemId);
  log(`demo bank connected (sandbox item ${pluggyItemId}); syncing…`);

  const jobId = await enqueue(pluggySyncJob, { tenantId, full: true, actorId: userId });
  await startJobWorkers({ jobs: [pluggySyncJob], pollingIntervalSeconds: 0.5 });
  try {
    for (;;) {
      const job = await getJob({ tenantId, id: jobId });
      if (job.state === 'completed') break;
      if (job.state === 'failed' || job.state === 'cancelled') throw new Error(`demo sync ${job.state}: ${job.lastError ?? ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await stopJobWorkers({ close: true });
  }
  const count = await db.pluggyTransaction.count({ where: { tenantId, deletedAt: null } });
  log(`demo bank synced: ${count} transactions`);

  await setupWebhooks(db, { tenantId, actorId: userId });
  let timer: NodeJS.Timeout | undefined;
  if (env().DEMO_LIVE_PAYMENTS) {
    const seconds = env().DEMO_LIVE_PAYMENT_SECONDS;
    // A client pays an open receivable; the sandbox announces it by webhook
    // (transactions/created) to the app, which fetches and stores it.
    timer = setInterval(() => {
      try {
        sandbox.control.payOpenReceivables(pluggyItemId, 1, { notify: true });
      } catch (err) {
        log(`demo payment not made: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, seconds * 1000);
    timer.unref();
    log(`demo: a new client payment arrives by webhook every ${seconds} s (DEMO_LIVE_PAYMENTS=false to stop)`);
  }
  return { pluggyItemId, itemDbId: item.id, stop: () => clearInterval(timer) };
}
