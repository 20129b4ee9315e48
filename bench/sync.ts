// npm run bench:sync [-- --transactions 100000 --row-sample 10000 --burst 1000 --senders 32 --database-url URL]
//
// Pluggy ingestion end to end on a scratch database. The process running
// this file holds what production's web+worker process holds: the webhook
// route (over HTTP) and the job workers. The Pluggy sandbox and the webhook
// senders run in child processes (bench/lib/sandbox-process.ts,
// bench/lib/webhook-senders.ts), so neither page serving nor the load
// generator competes for the measured event loop.
//   1. a full sync of one tenant through the `pluggy.sync` job against the
//      sandbox (production client, HTTP, 500-row pages): rows/s;
//   2. where that time goes: the same pages fetched bare (sandbox + wire),
//      JSON.parse, our mapping, through our client, and the batched upsert
//      of all the rows alone; and one upsert per row (the baseline; a
//      sample, extrapolated): the ratio;
//   3. a webhook burst at N concurrent senders over HTTP to the real route:
//      acknowledgement p50/p99 (as the senders see it, and inside the
//      handler), against two same-run floors — a trivial route on the same
//      server, and the same POSTs with a wrong secret (401) — KPI view
//      refreshes triggered, seconds until every job is done.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { POST as webhookRoute } from '@/app/api/webhooks/pluggy/route';
import { decryptSecret } from '@/lib/crypto';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { getBoss, JOBS_SCHEMA, stopBoss } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { startJobWorkers } from '@/lib/jobs/workers';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { createPluggyApi, SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { cursorFromNext } from '@/lib/pluggy/client/query';
import { bindItem } from '@/lib/pluggy/items/bind-item';
import { toTransactionRow, type TransactionRow } from '@/lib/pluggy/sync/map';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { upsertTransactions, upsertTransactionsRowByRow } from '@/lib/pluggy/sync/upsert';
import { webhookChangedJob } from '@/lib/pluggy/webhooks/changed-job';
import { pluggyWebhookBatchJob, pluggyWebhookJob } from '@/lib/pluggy/webhooks/process-job';
import { WEBHOOK_SECRET_FIELD, WEBHOOK_SECRET_HEADER } from '@/lib/pluggy/webhooks/secret';
import { setupWebhooks } from '@/lib/pluggy/webhooks/setup';
import { getPool, getPrisma } from '@/lib/prisma';
import { updateSettings } from '@/lib/settings/settings';
import { buildPayload } from '@/tools/pluggy-sandbox/events';
import { startRouteBridge } from '@/test/route-bridge';
import { percentiles } from './lib/load';
import { startSandboxProcess } from './lib/sandbox-process';
import { int, ms, table } from './lib/table';
import { startSenders, type BurstResult } from './lib/webhook-senders';

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

const loadAvg = () => loadavg().map((x) => x.toFixed(1)).join(' ');

async function main(): Promise<void> {
  // The route bridge stamps peer addresses the way the test harness does.
  (process.env as Record<string, string>).NODE_ENV = 'test';
  const scratch = args['database-url'] ? null : await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench_sync' });
  const url = args['database-url'] ?? scratch!.url;
  process.env.DATABASE_URL = url;
  const sb = await startSandboxProcess({ seed: 9, anchor: '2026-11-30', transactions: N, updateDelayMs: 5 });
  process.env.PLUGGY_API_URL = sb.url;
  const senders = await startSenders();
  let n = 0;
  const handlerMs: number[] = [];
  const bridge = await startRouteBridge(
    async (req, ctx) => {
      const s = performance.now();
      try {
        return await webhookRoute(req, ctx);
      } finally {
        handlerMs.push(performance.now() - s);
      }
    },
    { peer: () => `10.99.${(++n >> 8) & 255}.${n & 255}` },
  );
  // The floor: what an answer costs on this server without any of our work.
  const trivial = await startRouteBridge(async () => Response.json({ received: true }));
  process.env.APP_URL = bridge.url;
  resetEnvCache();
  const db = getPrisma();
  try {
    log(`database ${scratch?.name ?? url}; sandbox ${sb.url} (child process, started in ${ms(sb.startMs)}) with ${int(N)} transactions; load ${loadAvg()}`);
    // 1. End to end through the job.
    const a = await newTenant('Bench Sync');
    let item = await sb.control<{ id: string; status: string }>('POST', 'items', { user: 'user-ok', password: 'password-ok' });
    const deadline = Date.now() + 180_000;
    while (item.status === 'UPDATING') {
      if (Date.now() > deadline) throw new Error('sandbox item still UPDATING');
      await sleep(50);
      item = (await sb.control<{ item: { id: string; status: string } }>('GET', `items/${item.id}`)).item;
    }
    await bindItem(db, { tenantId: a.tenantId, actorId: a.userId }, item.id);
    await startJobWorkers({ jobs: [pluggySyncJob, pluggyWebhookBatchJob, pluggyWebhookJob, webhookChangedJob, kpiRefreshJob], pollingIntervalSeconds: 0.5 });
    log(`load before the sync ${loadAvg()}`);
    const t0 = performance.now();
    const jobId = await enqueue(pluggySyncJob, { tenantId: a.tenantId, full: true, actorId: null });
    const boss = await getBoss();
    for (;;) {
      const { rows } = await boss.getDb().executeSql(`SELECT state, output FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2`, [pluggySyncJob.name, jobId]);
      const r = rows[0] as { state: string; output: unknown } | undefined;
      if (r?.state === 'completed') break;
      if (r?.state === 'failed') throw new Error(`sync failed: ${JSON.stringify(r.output)}`);
      await sleep(20);
    }
    const e2eSec = (performance.now() - t0) / 1000;
    const stored = await db.pluggyTransaction.count({ where: { tenantId: a.tenantId } });
    if (stored !== N) throw new Error(`stored ${stored} rows, expected ${N}`);
    const e2eRate = N / e2eSec;

    // 2. Where the time goes, each stage alone over the same 100k rows.
    const api = createPluggyApi({ baseUrl: sb.url, ...SANDBOX_CLIENT }, { policy: 'background' });
    const accounts = await api.fetchAccounts(item.id);
    const key = await api.transport.apiKey();
    const stage = { wire: 0, parse: 0, map: 0 };
    const all: TransactionRow[] = [];
    for (const acc of accounts) {
      let after: string | null = null;
      do {
        let t = performance.now();
        const q = new URLSearchParams({ accountId: acc.id, ...(after ? { after } : {}) });
        const text = await (await fetch(`${sb.url}/v2/transactions?${q}`, { headers: { 'x-api-key': key } })).text();
        stage.wire += performance.now() - t;
        t = performance.now();
        const body = JSON.parse(text) as { results: Parameters<typeof toTransactionRow>[0][]; next: string | null };
        stage.parse += performance.now() - t;
        t = performance.now();
        for (const x of body.results) all.push(toTransactionRow(x));
        stage.map += performance.now() - t;
        after = cursorFromNext(body.next);
      } while (after);
    }
    let t = performance.now();
    let viaClient = 0;
    for (const acc of accounts) for await (const page of api.transactionPages(acc.id)) viaClient += page.length;
    const clientMs = performance.now() - t;
    if (viaClient !== N || all.length !== N) throw new Error(`read ${viaClient} / ${all.length} rows, expected ${N}`);

    const accountFor = async (tenantId: string) => {
      const it = await db.pluggyItem.create({ data: { tenantId, pluggyItemId: randomUUID() } });
      return (await db.pluggyAccount.create({ data: { tenantId, pluggyItemDbId: it.id, pluggyAccountId: randomUUID(), type: 'BANK', name: 'Conta' } })).id;
    };
    const b = await newTenant('Bench Batched');
    const c = await newTenant('Bench Row');
    const accB = await accountFor(b.tenantId);
    const accC = await accountFor(c.tenantId);
    t = performance.now();
    await upsertTransactions(b.tenantId, accB, all);
    const upsertMs = performance.now() - t;
    // Again, every row already there and unchanged (what an overlapping incremental sync mostly writes).
    t = performance.now();
    await upsertTransactions(b.tenantId, accB, all);
    const reupsertMs = performance.now() - t;
    const sample = all.slice(0, SAMPLE);
    t = performance.now();
    await upsertTransactionsRowByRow(c.tenantId, accC, sample);
    const rowRate = sample.length / ((performance.now() - t) / 1000);
    const rate = (msTotal: number, rows = N) => int(rows / (msTotal / 1000));

    console.log(table(
      ['ingest', 'rows', 'seconds', 'rows/s', '× one-per-row'],
      [
        ['full sync through the job (HTTP pages + upserts)', int(N), e2eSec.toFixed(1), int(e2eRate), `${(e2eRate / rowRate).toFixed(1)}×`],
        ['batched upsert alone, new rows', int(N), (upsertMs / 1000).toFixed(2), rate(upsertMs), `${(N / (upsertMs / 1000) / rowRate).toFixed(1)}×`],
        ['one upsert per row (baseline)', int(sample.length), (sample.length / rowRate).toFixed(2), int(rowRate), '1.0×'],
      ],
    ));
    console.log(table(
      ['where the time goes (each alone, same rows)', 'seconds', 'rows/s'],
      [
        ['sandbox pages over HTTP (bare fetch, text)', (stage.wire / 1000).toFixed(2), rate(stage.wire)],
        ['JSON.parse', (stage.parse / 1000).toFixed(2), rate(stage.parse)],
        ['toTransactionRow', (stage.map / 1000).toFixed(2), rate(stage.map)],
        ['our client (transactionPages: fetch + parse + checks)', (clientMs / 1000).toFixed(2), rate(clientMs)],
        ['batched upsert, new rows', (upsertMs / 1000).toFixed(2), rate(upsertMs)],
        ['batched upsert, same rows again (unchanged)', (reupsertMs / 1000).toFixed(2), rate(reupsertMs)],
      ],
    ));

    // 3. Webhook burst.
    const setup = await setupWebhooks(db, { tenantId: a.tenantId, actorId: a.userId });
    const hook = setup.webhooks[0]!;
    const settings = await db.tenantSettings.findUniqueOrThrow({ where: { tenantId: a.tenantId }, select: { pluggyWebhookSecretEnc: true } });
    const secret = decryptSecret(settings.pluggyWebhookSecretEnc!, { tenantId: a.tenantId, field: WEBHOOK_SECRET_FIELD });
    const account = accounts.find((x) => x.type === 'BANK')!;
    const accountDb = await db.pluggyAccount.findFirstOrThrow({ where: { tenantId: a.tenantId, pluggyAccountId: account.id } });
    const victims = (await db.pluggyTransaction.findMany({ where: { tenantId: a.tenantId, pluggyAccountDbId: accountDb.id }, select: { pluggyTransactionId: true }, orderBy: { date: 'asc' }, take: BURST })).map((x) => x.pluggyTransactionId);
    await sb.control('DELETE', 'transactions', { ids: victims, notify: false });
    const bodies = victims.map((id) => JSON.stringify(buildPayload('transactions/deleted', { itemId: item.id, accountId: account.id, transactionIds: [id] })));
    const names = [pluggyWebhookBatchJob.name, pluggyWebhookJob.name, webhookChangedJob.name, kpiRefreshJob.name];
    while ((await jobsPending(names)) > 0) await sleep(100);

    const floorTrivial = await senders.burst({ url: trivial.url, headers: {}, bodies, senders: SENDERS });
    const floorForged = await senders.burst({ url: hook.url, headers: { [WEBHOOK_SECRET_HEADER]: 'wrong-secret' }, bodies, senders: SENDERS });
    if (await db.pluggyWebhookEvent.count({ where: { tenantId: a.tenantId } })) throw new Error('a forged delivery was stored');
    handlerMs.length = 0;
    const { rows: [before] } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1`, [kpiRefreshJob.name]) as { rows: { n: number }[] };
    log(`load before the burst ${loadAvg()}`);
    const b0 = performance.now();
    const real = await senders.burst({ url: hook.url, headers: { [WEBHOOK_SECRET_HEADER]: secret }, bodies, senders: SENDERS });
    const inHandler = percentiles(handlerMs);
    await sleep(200);
    while ((await jobsPending(names)) > 0) await sleep(100);
    const doneSec = (performance.now() - b0) / 1000;
    const { rows: [after] } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1`, [kpiRefreshJob.name]) as { rows: { n: number }[] };
    const deleted = await db.pluggyTransaction.count({ where: { tenantId: a.tenantId, pluggyTransactionId: { in: victims }, deletedAt: { not: null } } });
    const row = (label: string, r: BurstResult, extra: (string | number)[]) => {
      const p = percentiles(r.acks);
      return [label, Object.entries(r.statuses).map(([s, k]) => `${s}×${k}`).join(' '), ms(p.p50), ms(p.p99), `${(r.sendMs / 1000).toFixed(1)} s`, ...extra];
    };
    console.log(table(
      ['webhook burst (senders in a child process)', 'answers', 'ack p50', 'ack p99', 'sent in', 'in handler p50 / p99', 'KPI refreshes', 'all jobs done in', 'rows deleted'],
      [
        row(`floor: trivial route, same server, ×${BURST}`, floorTrivial, ['', '', '', '']),
        row(`floor: same POSTs, wrong secret (401), ×${BURST}`, floorForged, ['', '', '', '']),
        row(`transactions/deleted ×${BURST}, ${SENDERS} senders`, real, [`${ms(inHandler.p50)} / ${ms(inHandler.p99)}`, after!.n - before!.n, `${doneSec.toFixed(1)} s`, int(deleted)]),
      ],
    ));
    log(`load at the end ${loadAvg()}`);
  } finally {
    await stopBoss({ timeoutMs: 2000 }).catch(() => undefined);
    await getPool()?.end().catch(() => undefined);
    await bridge.close();
    await trivial.close();
    await senders.close();
    await sb.stop();
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
