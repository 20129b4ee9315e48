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
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import { ackTraceChannel, type AckMarks } from '@/lib/pluggy/webhooks/ack-trace';
import * as storeEvent from '@/lib/pluggy/webhooks/store-event';
import { startRouteBridge, type BridgeTiming } from '@/test/route-bridge';
import { cpuMeter } from './lib/cpu';
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
    /** Write a CPU profile of this process during the real burst to this file (.cpuprofile) and print its top entries. */
    'burst-profile': { type: 'string' },
    /** The same for the sync through the job. */
    'sync-profile': { type: 'string' },
    /** Skip section 2 (stage breakdown and the one-per-row baseline): for iterating on the burst. */
    'skip-breakdown': { type: 'boolean', default: false },
    /** The webhook senders' HTTP client: http (node:http keep-alive, default) or fetch (undici, as before 2026-12-01 22:30). */
    sender: { type: 'string', default: 'http' },
  },
});
const N = Number(args.transactions);
const SAMPLE = Number(args['row-sample']);
const BURST = Number(args.burst);
const SENDERS = Number(args.senders);
const SENDER = args.sender === 'fetch' ? 'fetch' : 'http';
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

async function startProfile(file: string | undefined): Promise<Session | null> {
  if (!file) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session | null, file: string | undefined): Promise<void> {
  if (!session || !file) return;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
  printProfileTop(profile);
}

/** The functions with the most self time in a CPU profile, and the files/packages with the most. */
function printProfileTop(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples?: number[]; timeDeltas?: number[] }): void {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const nd of profile.nodes) {
    const t = self.get(nd.id) ?? 0;
    if (!t) continue;
    const url = nd.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(process.cwd() + '/', '');
    const fn = `${nd.callFrame.functionName || '(anonymous)'} ${url}:${nd.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    const file = url.startsWith('nm:') ? url.split('/').slice(0, url.startsWith('nm:@') ? 2 : 1).join('/') : url || `(${nd.callFrame.functionName})`;
    byFile.set(file, (byFile.get(file) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => [name.slice(0, 110), ms(t)]);
  console.log(table(['burst profile: self time by function', 'ms'], top(byFn, 25)));
  console.log(table(['burst profile: self time by file / package', 'ms'], top(byFile, 20)));
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
  // Per delivery: the route's own start/end and receiveWebhook's stage marks
  // (lib/pluggy/webhooks/ack-trace.ts), joined through the async context.
  type Traced = { routeStart: number; routeEnd?: number; marks?: AckMarks };
  const als = new AsyncLocalStorage<Traced>();
  const traced: Traced[] = [];
  const bridgeTimings: BridgeTiming[] = [];
  let tracing = false;
  const bridge = await startRouteBridge(
    async (req, ctx) => {
      const rec: Traced = { routeStart: performance.now() };
      if (tracing) traced.push(rec);
      try {
        return await als.run(rec, () => webhookRoute(req, ctx));
      } finally {
        rec.routeEnd = performance.now();
        handlerMs.push(rec.routeEnd - rec.routeStart);
      }
    },
    { peer: () => `10.99.${(++n >> 8) & 255}.${n & 255}`, onTiming: (t) => void (tracing && bridgeTimings.push(t)) },
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
    const pgPidsNow = async () => ((await db.$queryRawUnsafe<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map((r) => r.pid));
    let syncPgPids = await pgPidsNow();
    const syncOwn = cpuMeter(() => [process.pid]);
    const syncSandbox = cpuMeter(() => [sb.pid]);
    const syncPg = cpuMeter(() => syncPgPids);
    const syncProfiler = await startProfile(args['sync-profile']);
    syncOwn.start();
    syncSandbox.start();
    syncPg.start();
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
    const ownSync = syncOwn.stop();
    const sbSync = syncSandbox.stop();
    syncPgPids = [...new Set([...syncPgPids, ...(await pgPidsNow())])];
    const pgSync = syncPg.stop();
    await stopProfile(syncProfiler, args['sync-profile']);
    {
      const { rows } = await boss.getDb().executeSql(
        `SELECT extract(epoch FROM started_on - created_on) * 1000 AS wait, extract(epoch FROM completed_on - started_on) * 1000 AS run FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2`,
        [pluggySyncJob.name, jobId],
      );
      const j = rows[0] as { wait: number; run: number };
      log(`sync job: queued ${ms(Number(j.wait))} before a worker took it, ran ${ms(Number(j.run))} (${int(N / (Number(j.run) / 1000))} rows/s of its run)`);
      log(`CPU during the sync (${e2eSec.toFixed(2)} s): this process ${int(ownSync.ms)} ms, sandbox ${int(sbSync.ms)} ms, PostgreSQL backends of this database ${int(pgSync.ms)} ms; machine busy ${int(ownSync.machineBusyMs)} of ${int(ownSync.machineTotalMs)} ms; load ${loadAvg()}`);
    }
    const stored = await db.pluggyTransaction.count({ where: { tenantId: a.tenantId } });
    if (stored !== N) throw new Error(`stored ${stored} rows, expected ${N}`);
    const e2eRate = N / e2eSec;

    // 2. Where the time goes, each stage alone over the same 100k rows.
    const api = createPluggyApi({ baseUrl: sb.url, ...SANDBOX_CLIENT }, { policy: 'background' });
    const accounts = await api.fetchAccounts(item.id);
    if (!args['skip-breakdown']) {
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
    } else {
      console.log(table(['ingest', 'rows', 'seconds', 'rows/s'], [['full sync through the job (HTTP pages + upserts)', int(N), e2eSec.toFixed(1), int(e2eRate)]]));
    }

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

    const floorCpu = async (label: string, req: Parameters<typeof senders.burst>[0]) => {
      const own = cpuMeter(() => [process.pid]);
      own.start();
      const r = await senders.burst(req);
      log(`${label}: CPU this process ${int(own.stop().ms)} ms, senders ${int(r.cpuMs)} ms in ${(r.sendMs / 1000).toFixed(2)} s; load ${loadAvg()}`);
      return r;
    };
    const floorTrivial = await floorCpu('trivial floor', { url: trivial.url, headers: {}, bodies, senders: SENDERS, client: SENDER });
    const floorForged = await floorCpu('401 floor', { url: hook.url, headers: { [WEBHOOK_SECRET_HEADER]: 'wrong-secret' }, bodies, senders: SENDERS, client: SENDER });
    if (await db.pluggyWebhookEvent.count({ where: { tenantId: a.tenantId } })) throw new Error('a forged delivery was stored');
    handlerMs.length = 0;
    const onMarks = (m: unknown) => {
      const rec = als.getStore();
      if (rec) rec.marks = m as AckMarks;
    };
    subscribe(ackTraceChannel.name, onMarks);
    tracing = true;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    let pgPids = await pgPidsNow();
    const ownCpu = cpuMeter(() => [process.pid]);
    const pgCpu = cpuMeter(() => pgPids);
    const { rows: [before] } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1`, [kpiRefreshJob.name]) as { rows: { n: number }[] };
    log(`load before the burst ${loadAvg()}`);
    const profiler = await startProfile(args['burst-profile']);
    ownCpu.start();
    pgCpu.start();
    loop.enable();
    const b0 = performance.now();
    const real = await senders.burst({ url: hook.url, headers: { [WEBHOOK_SECRET_HEADER]: secret }, bodies, senders: SENDERS, client: SENDER });
    loop.disable();
    const ownUsed = ownCpu.stop();
    await stopProfile(profiler, args['burst-profile']);
    pgPids = [...new Set([...pgPids, ...(await pgPidsNow())])];
    const pgUsed = pgCpu.stop();
    tracing = false;
    unsubscribe(ackTraceChannel.name, onMarks);
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
    // Where an acknowledgement's time goes, stage by stage (each a distribution over the burst's deliveries).
    const stages: [string, number[]][] = [];
    const st = (label: string, xs: (number | undefined)[]) => stages.push([label, xs.filter((x): x is number => x !== undefined && Number.isFinite(x))]);
    const epochOf = (t: number) => performance.timeOrigin + t;
    st('sender → server (fetch, kernel, HTTP parse)', bridgeTimings.map((b) => (b.sentAtEpoch === null ? undefined : epochOf(b.arrived) - b.sentAtEpoch)));
    st('bridge: body read, Request built', bridgeTimings.map((b) => b.handlerStart - b.arrived));
    const withMarks = traced.filter((r) => r.marks);
    const d = (f: (r: Traced, m: AckMarks) => number | undefined) => withMarks.map((r) => f(r, r.marks!));
    st('route wrapper before receiveWebhook', d((r, m) => m.start - r.routeStart));
    st('secret check', d((_, m) => m.auth! - m.start));
    st('body + zod', d((_, m) => m.body! - m.auth!));
    st('clientId check', d((_, m) => m.clientId! - m.body!));
    st('payload JSON + hand-off', d((_, m) => m.queued! - m.clientId!));
    st('store: waiting for a statement slot', d((_, m) => m.flush! - m.queued!));
    st('store: waiting for a pool connection', d((_, m) => (m.conn === undefined ? undefined : m.conn - m.flush!)));
    st('store: INSERT + commit', d((_, m) => m.committed! - (m.conn ?? m.flush!)));
    st('store: resumed after commit', d((_, m) => m.stored! - m.committed!));
    st('enqueue kick-off, return', d((_, m) => m.end! - m.stored!));
    st('route wrapper after receiveWebhook', d((r, m) => r.routeEnd! - m.end!));
    st('bridge: response written', bridgeTimings.map((b) => b.written - b.handlerEnd));
    st('server → sender (answer read)', real.back);
    st('total as the sender sees it', real.acks);
    const groups = withMarks.map((r) => r.marks!.group).filter((x): x is number => x !== undefined);
    const poolWaiting = withMarks.map((r) => r.marks!.poolWaiting).filter((x): x is number => x !== undefined);
    console.log(table(
      [`ack stage (${withMarks.length} traced deliveries)`, 'p50', 'p90', 'p99', 'max', 'mean'],
      stages.map(([label, xs]) => {
        const p = percentiles(xs);
        const sorted = [...xs].sort((a, b) => a - b);
        const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] ?? Number.NaN;
        return [label, ms(p.p50), ms(p90), ms(p.p99), ms(p.max), ms(xs.reduce((a, b) => a + b, 0) / (xs.length || 1))];
      }),
    ));
    const gp = percentiles(groups);
    const pw = percentiles(poolWaiting);
    const how: Record<string, number> = {};
    for (const r of withMarks) how[r.marks!.batch ?? '-'] = (how[r.marks!.batch ?? '-'] ?? 0) + 1;
    log(`batch job per ack: ${Object.entries(how).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    log(`statements ${new Set(withMarks.map((r) => r.marks!.committed)).size}, events per statement p50 ${gp.p50} / max ${gp.max}; pool requests already waiting p50 ${pw.p50} / max ${pw.max}`);
    log(`event loop delay during the burst: p50 ${ms(loop.percentile(50) / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}`);
    const wall = real.sendMs;
    log(`CPU during the burst (${(wall / 1000).toFixed(2)} s): this process ${int(ownUsed.ms)} ms, senders ${int(real.cpuMs)} ms, PostgreSQL backends of this database ${int(pgUsed.ms)} ms; machine busy ${int(ownUsed.machineBusyMs)} of ${int(ownUsed.machineTotalMs)} ms`);
    log(`load at the end ${loadAvg()}`);
  } finally {
    await stopBoss({ timeoutMs: 2000 }).catch(() => undefined);
    // (Absent from versions before the event store had its own pool: the A/B baseline runs this file too.)
    const closeEvents = (storeEvent as { closeWebhookEventPool?: () => Promise<void> }).closeWebhookEventPool;
    await closeEvents?.().catch(() => undefined);
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
