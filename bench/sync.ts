// npm run bench:sync [-- --transactions 100000 --row-sample 10000 --burst 1000 --senders 32 --database-url URL]
//
// Pluggy ingestion end to end, in process, on a scratch database:
//   1. a full sync of one tenant through the `pluggy.sync` job against the
//      Pluggy sandbox (production client, HTTP, 500-row pages): rows/s;
//   2. the same rows written one upsert per row (the baseline; a sample,
//      extrapolated) and by the batched upsert alone: the ratio;
//   3. a webhook burst at N concurrent senders over HTTP to the real route:
//      acknowledgement p50/p99, KPI view refreshes triggered, seconds until
//      every job (processing, follow-ups, refreshes) is done.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { POST as webhookRoute } from '@/app/api/webhooks/pluggy/route';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { getBoss, JOBS_SCHEMA, stopBoss } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { startJobWorkers } from '@/lib/jobs/workers';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { createPluggyApi, SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { bindItem } from '@/lib/pluggy/items/bind-item';
import { toTransactionRow, type TransactionRow } from '@/lib/pluggy/sync/map';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { upsertTransactions, upsertTransactionsRowByRow } from '@/lib/pluggy/sync/upsert';
import { webhookChangedJob } from '@/lib/pluggy/webhooks/changed-job';
import { pluggyWebhookBatchJob, pluggyWebhookJob } from '@/lib/pluggy/webhooks/process-job';
import { WEBHOOK_SECRET_HEADER } from '@/lib/pluggy/webhooks/secret';
import { setupWebhooks } from '@/lib/pluggy/webhooks/setup';
import { getPrisma } from '@/lib/prisma';
import { updateSettings } from '@/lib/settings/settings';
import { startPluggySandbox } from '@/tools/pluggy-sandbox/server';
import { startRouteBridge } from '@/test/route-bridge';
import { percentiles } from './lib/load';
import { int, ms, table } from './lib/table';

const { values: args } = parseArgs({
  options: {
    transactions: { type: 'string', default: '100000' },
    'row-sample': { type: 'string', default: '10000' },
    burst: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '32' },
    'database-url': { type: 'string' },
  },
});
const N = Number(args.transactions);
const SAMPLE = Number(args['row-sample']);
const BURST = Number(args.burst);
const SENDERS = Number(args.senders);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(`[bench:sync] ${line}`);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function newTenant(name: string) {
  const db = getPrisma();
  const t = await db.tenant.create({ data: { name, slug: `bench-${randomUUID().slice(0, 8)}`, settings: { create: {} } } });
  const u = await db.user.create({ data: { email: `bench-${randomUUID().slice(0, 8)}@bench.local`, name: 'Bench' } });
  await db.tenantUser.create({ data: { tenantId: t.id, userId: u.id, email: u.email, role: 'OWNER' } });
  await updateSettings(db, { tenantId: t.id, actorId: u.id, input: { pluggyClientId: SANDBOX_CLIENT.clientId, pluggyClientSecret: SANDBOX_CLIENT.clientSecret } });
  return { tenantId: t.id, userId: u.id };
}

async function jobsPending(names: string[]): Promise<number> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created','retry','active')`,
    [names],
  );
  return (rows[0] as { n: number }).n;
}

async function main(): Promise<void> {
  // The route bridge stamps peer addresses the way the test harness does.
  (process.env as Record<string, string>).NODE_ENV = 'test';
  const scratch = args['database-url'] ? null : await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench_sync' });
  const url = args['database-url'] ?? scratch!.url;
  process.env.DATABASE_URL = url;
  const sb = await startPluggySandbox({ defaultFirm: { seed: 9, anchorDate: '2026-11-30', transactions: N }, rateLimits: false, updateDelayMs: 5 });
  process.env.PLUGGY_API_URL = sb.url;
  let n = 0;
  const bridge = await startRouteBridge(webhookRoute, { peer: () => `10.99.${(++n >> 8) & 255}.${n & 255}` });
  process.env.APP_URL = bridge.url;
  resetEnvCache();
  const db = getPrisma();
  try {
    log(`database ${scratch?.name ?? url}; sandbox ${sb.url} with ${int(N)} transactions`);
    // 1. End to end through the job.
    const a = await newTenant('Bench Sync');
    const item = sb.control.createItem({ user: 'user-ok', password: 'password-ok' });
    await sb.control.waitForItem(item.id, 120_000);
    await bindItem(db, { tenantId: a.tenantId, actorId: a.userId }, item.id);
    await startJobWorkers({ jobs: [pluggySyncJob, pluggyWebhookBatchJob, pluggyWebhookJob, webhookChangedJob, kpiRefreshJob], pollingIntervalSeconds: 0.5 });
    const t0 = performance.now();
    const jobId = await enqueue(pluggySyncJob, { tenantId: a.tenantId, full: true, actorId: null });
    const boss = await getBoss();
    for (;;) {
      const { rows } = await boss.getDb().executeSql(`SELECT state, output FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2`, [pluggySyncJob.name, jobId]);
      const r = rows[0] as { state: string; output: unknown } | undefined;
      if (r?.state === 'completed') break;
      if (r?.state === 'failed') throw new Error(`sync failed: ${JSON.stringify(r.output)}`);
      await sleep(50);
    }
    const e2eSec = (performance.now() - t0) / 1000;
    const stored = await db.pluggyTransaction.count({ where: { tenantId: a.tenantId } });
    if (stored !== N) throw new Error(`stored ${stored} rows, expected ${N}`);
    const e2eRate = N / e2eSec;

    // 2. Writes alone: the batched upsert vs one upsert per row, same rows.
    const api = createPluggyApi({ baseUrl: sb.url, ...SANDBOX_CLIENT }, { policy: 'background' });
    const account = (await api.fetchAccounts(item.id)).find((x) => x.type === 'BANK')!;
    const rows: TransactionRow[] = [];
    for await (const page of api.transactionPages(account.id)) {
      rows.push(...page.map(toTransactionRow));
      if (rows.length >= SAMPLE) break;
    }
    const sample = rows.slice(0, SAMPLE);
    const b = await newTenant('Bench Batched');
    const c = await newTenant('Bench Row');
    const accountFor = async (tenantId: string) => {
      const it = await db.pluggyItem.create({ data: { tenantId, pluggyItemId: randomUUID() } });
      return (await db.pluggyAccount.create({ data: { tenantId, pluggyItemDbId: it.id, pluggyAccountId: randomUUID(), type: 'BANK', name: 'Conta' } })).id;
    };
    const accB = await accountFor(b.tenantId);
    const accC = await accountFor(c.tenantId);
    let t = performance.now();
    await upsertTransactions(b.tenantId, accB, sample);
    const batchedRate = sample.length / ((performance.now() - t) / 1000);
    t = performance.now();
    await upsertTransactionsRowByRow(c.tenantId, accC, sample);
    const rowRate = sample.length / ((performance.now() - t) / 1000);

    console.log(table(
      ['ingest', 'rows', 'seconds', 'rows/s', '× one-per-row'],
      [
        ['full sync through the job (HTTP pages + upserts)', int(N), e2eSec.toFixed(1), int(e2eRate), `${(e2eRate / rowRate).toFixed(1)}×`],
        ['batched upsert alone (1,000 rows/statement)', int(sample.length), (sample.length / batchedRate).toFixed(2), int(batchedRate), `${(batchedRate / rowRate).toFixed(1)}×`],
        ['one upsert per row (baseline)', int(sample.length), (sample.length / rowRate).toFixed(2), int(rowRate), '1.0×'],
      ],
    ));

    // 3. Webhook burst.
    const setup = await setupWebhooks(db, { tenantId: a.tenantId, actorId: a.userId });
    const hook = setup.webhooks[0]!;
    const secret = sb.control.webhookHeaders(hook.pluggyWebhookId)![WEBHOOK_SECRET_HEADER]!;
    const victims = sb.control.transactions(account.id).slice(0, BURST).map((x) => x.id);
    sb.control.deleteTransactions(victims, { notify: false });
    const payloads = victims.map((id) => sb.control.payload('transactions/deleted', { itemId: item.id, accountId: account.id, transactionIds: [id] }));
    const names = [pluggyWebhookBatchJob.name, pluggyWebhookJob.name, webhookChangedJob.name, kpiRefreshJob.name];
    while ((await jobsPending(names)) > 0) await sleep(100);
    const { rows: [before] } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1`, [kpiRefreshJob.name]) as { rows: { n: number }[] };
    const acks: number[] = [];
    let next = 0;
    let failures = 0;
    const b0 = performance.now();
    await Promise.all(Array.from({ length: SENDERS }, async () => {
      while (next < payloads.length) {
        const p = payloads[next++]!;
        const s = performance.now();
        const res = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret }, body: JSON.stringify(p) });
        await res.arrayBuffer();
        acks.push(performance.now() - s);
        if (res.status !== 200) failures++;
      }
    }));
    const sendSec = (performance.now() - b0) / 1000;
    await sleep(200);
    while ((await jobsPending(names)) > 0) await sleep(100);
    const doneSec = (performance.now() - b0) / 1000;
    const { rows: [after] } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1`, [kpiRefreshJob.name]) as { rows: { n: number }[] };
    const deleted = await db.pluggyTransaction.count({ where: { tenantId: a.tenantId, pluggyTransactionId: { in: victims }, deletedAt: { not: null } } });
    const p = percentiles(acks);
    console.log(table(
      ['webhook burst', 'events', 'senders', 'non-2xx', 'ack p50', 'ack p99', 'sent in', 'KPI refreshes', 'all jobs done in', 'rows deleted'],
      [[`transactions/deleted ×${BURST}`, int(BURST), SENDERS, failures, ms(p.p50), ms(p.p99), `${sendSec.toFixed(1)} s`, after!.n - before!.n, `${doneSec.toFixed(1)} s`, int(deleted)]],
    ));
  } finally {
    await stopBoss({ timeoutMs: 2000 }).catch(() => undefined);
    await bridge.close();
    await sb.close();
    await scratch?.drop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
