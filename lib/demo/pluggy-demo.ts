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

  await runDemoSync(tenantId, true, userId);
  const count = await db.pluggyTransaction.count({ where: { tenantId, deletedAt: null } });
  log(`demo bank synced: ${count} transactions`);

  await setupWebhooks(db, { tenantId, actorId: userId });
  return { pluggyItemId, itemDbId: item.id, stop: startLivePayments(sandbox, pluggyItemId, log) };
}

/** One `pluggy.sync` job of the demo firm, worked here (the app's workers are not running yet). */
async function runDemoSync(tenantId: string, full: boolean, actorId: string | null): Promise<void> {
  const jobId = await enqueue(pluggySyncJob, { tenantId, full, actorId });
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
}

/** A client pays an open receivable every DEMO_LIVE_PAYMENT_SECONDS, announced by webhook; returns the stop. */
function startLivePayments(sandbox: PluggySandbox, pluggyItemId: string, log: (line: string) => void): () => void {
  if (!env().DEMO_LIVE_PAYMENTS) return () => undefined;
  const seconds = env().DEMO_LIVE_PAYMENT_SECONDS;
  // The sandbox announces it (transactions/created) to the app, which fetches and stores it.
  const timer = setInterval(() => {
    try {
      sandbox.control.payOpenReceivables(pluggyItemId, 1, { notify: true });
    } catch (err) {
      log(`demo payment not made: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, seconds * 1000);
  timer.unref();
  log(`demo: a new client payment arrives by webhook every ${seconds} s (DEMO_LIVE_PAYMENTS=false to stop)`);
  return () => clearInterval(timer);
}

/**
 * A later start of the demo: the sandbox runs in memory, so it has
 * forgotten the demo's item (and its webhooks). The item is restored under
 * its old id as of the day it was created — the sandbox derives account and
 * row ids from both, so it lists the ids already stored — checked against
 * the stored accounts, brought up to date by an incremental sync (the rows
 * it lists again are upserted onto themselves: nothing duplicated), its
 * webhooks registered again, and the live payments resume. Null when the
 * demo firm has no connected item (nothing to resume) or the restored
 * item's accounts are not the stored ones (then nothing is synced).
 */
export async function resumeDemoBank(opts: {
  databaseUrl: string;
  sandbox: PluggySandbox;
  tenantId: string;
  appUrl: string;
  log: (line: string) => void;
}): Promise<DemoBank | null> {
  const { sandbox, tenantId, log } = opts;
  process.env.DATABASE_URL = opts.databaseUrl;
  process.env.PLUGGY_SANDBOX_URL = sandbox.url;
  process.env.APP_URL ??= opts.appUrl;
  resetEnvCache();
  const db = getPrisma();
  const item = await db.pluggyItem.findFirst({
    where: { tenantId, source: 'pluggy', deletedAt: null },
    orderBy: { createdAt: 'desc' },
    include: { accounts: { where: { deletedAt: null }, select: { pluggyAccountId: true } } },
  });
  const owner = await db.tenantUser.findFirst({ where: { tenantId, role: 'OWNER' }, orderBy: { createdAt: 'asc' }, select: { userId: true } });
  if (!item || !owner) return null;
  let known = true;
  try {
    sandbox.control.getItem(item.pluggyItemId);
  } catch {
    known = false;
  }
  if (!known) {
    // The sandbox anchors a firm's data on the UTC day its item first updated.
    sandbox.control.restoreItem({ id: item.pluggyItemId, anchorDate: item.createdAt.toISOString().slice(0, 10), clientUserId: owner.userId });
    await sandbox.control.waitForItem(item.pluggyItemId, 60_000);
    const listed = sandbox.control.accounts(item.pluggyItemId).map((a) => a.id).sort();
    const stored = item.accounts.map((a) => a.pluggyAccountId).sort();
    if (JSON.stringify(listed) !== JSON.stringify(stored)) {
      log('demo bank: the sandbox could not restore the stored accounts; live payments stay off (delete .data to start over)');
      return null;
    }
    await runDemoSync(tenantId, false, null);
    log(`demo bank restored in the sandbox (item ${item.pluggyItemId})`);
  }
  await setupWebhooks(db, { tenantId, actorId: owner.userId });
  return { pluggyItemId: item.pluggyItemId, itemDbId: item.id, stop: startLivePayments(sandbox, item.pluggyItemId, log) };
}
