// npm run soak [-- --duration 10m] [--firms 4] [--build] [--dev] [--keep]
//
// Two app instances behind a round-robin balancer, sharing their own
// PostgreSQL (embedded, in a temp folder) and their own redis-server, with the
// Pluggy and Advbox sandboxes in this process, under realistic load for
// --duration while faults are injected on a schedule (phases below). Then it
// verifies what must hold whatever happened, prints the figures and exits 1 on
// a violation:
//   - every transaction the Pluggy sandbox holds is stored exactly once per
//     tenant (by Pluggy id);
//   - every confirm answered 2xx is CONFIRMED in PostgreSQL and its receivable
//     is paid in the Advbox sandbox; no receivable was marked paid twice;
//   - no response carried another tenant's data (every transaction id a firm
//     was shown is one of its own; every receivable one of its Advbox's);
//   - no job is left failed (retries counted);
//   - 5xx by phase (0 expected outside the seconds PostgreSQL is down);
//   - p50/p99 latency by phase.
// The app runs as `next start` when a production build exists (--build
// builds it first, when stale), else `next dev` (--dev forces it). Not a test:
// it asserts invariants, never times.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, freePort, type EmbeddedPostgres } from '@/lib/db/embedded';
import { applyMigrations } from '@/lib/db/migrations';
import { startAdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { startPluggySandbox } from '@/tools/pluggy-sandbox/server';
import { appInstance, RedisProcess, startBalancer, type AppInstance } from './lib/soak-processes';
import { buildIsStale, ensureBuild } from './lib/next-app';
import { percentiles } from './lib/load';
import { int, ms, table } from './lib/table';
import { securityHeaders } from './lib/security-headers';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    firms: { type: 'string', default: '4' },
    build: { type: 'boolean', default: false },
    dev: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`--duration: "${s}" is not like 10m, 90s or 1h`);
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

const DURATION = parseDuration(args.duration!);
const FIRMS = Number(args.firms);
const ROOT = process.cwd();
const t0 = Date.now();
const log = (line: string) => console.log(`[soak +${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const rand = (n: number) => Math.floor(Math.random() * n);
const today = new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- phases
let phase = 'setup';
const phaseLog: { name: string; at: number; load: number }[] = [];
function enter(name: string) {
  phase = name;
  // The machine is shared: the 1-minute load average next to each phase says how much of a latency is ours.
  phaseLog.push({ name, at: Date.now(), load: loadavg()[0]! });
  log(`── phase: ${name}`);
}

// ---------------------------------------------------------------- samples
interface Sample {
  phase: string;
  route: string;
  status: number;
  ms: number;
  /** The error body's code, for non-2xx answers. */
  code?: string;
}
const samples: Sample[] = [];

interface Firm {
  i: number;
  name: string;
  tenantId: string;
  spec: { seed: number; customers: number; anchorDate: string };
  advboxToken: string;
  client: { clientId: string; clientSecret: string };
  itemId: string;
  tokens: string[];
  /** Transaction ids (ours) this firm was shown. */
  seenTx: Set<string>;
  /** Advbox receivable ids this firm was shown. */
  seenReceivables: Set<string>;
  /** Confirms answered 2xx. */
  confirmed: { transactionId: string; receivableIds: string[]; phase: string }[];
  attempted: Set<string>;
  suggestions: { transactionId: string; receivableIds: string[] }[];
}

let BASE = '';

async function request(firm: Firm | null, token: string | null, method: string, path: string, body?: unknown, route = `${method} ${path.split('?')[0]}`, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const started = performance.now();
  let status = 0;
  let json: unknown = null;
  let resHeaders = new Headers();
  try {
    const res = await fetch(`${BASE}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json', origin: BASE } : {}),
        'user-agent': 'concilia-soak',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    status = res.status;
    resHeaders = res.headers;
    const text = await res.text();
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
  } catch {
    status = 0; // no answer at all (connection cut, timeout)
  }
  const code = status >= 400 ? (json as { error?: { code?: string } } | null)?.error?.code : undefined;
  samples.push({ phase, route, status, ms: performance.now() - started, code });
  if (firm && status >= 200 && status < 300) observe(firm, route, json);
  return { status, json, headers: resHeaders };
}

/** Every id a response carries is remembered per firm, to be checked against the firm's own data at the end. */
function observe(firm: Firm, route: string, json: unknown) {
  type Rows = { transaction?: { id?: string }; receivables?: { id?: string }[]; alternatives?: { receivables?: { id?: string }[] }[] }[];
  const j = json as { items?: { id?: string; transaction?: { id?: string }; advboxTransactionId?: string }[]; rows?: Rows } | null;
  for (const it of j?.items ?? []) {
    // The history lists records (their own ids) of a transaction and a receivable; the statement lists transactions.
    if (route.startsWith('GET /api/reconciliation/history')) {
      if (it.transaction?.id) firm.seenTx.add(it.transaction.id);
      if (it.advboxTransactionId) firm.seenReceivables.add(String(it.advboxTransactionId));
    } else if (route.startsWith('GET /api/pluggy/transactions') && it.id) firm.seenTx.add(it.id);
  }
  for (const r of j?.rows ?? []) {
    if (r.transaction?.id) firm.seenTx.add(r.transaction.id);
    for (const rc of r.receivables ?? []) if (rc.id) firm.seenReceivables.add(String(rc.id));
    for (const a of r.alternatives ?? []) for (const rc of a.receivables ?? []) if (rc.id) firm.seenReceivables.add(String(rc.id));
  }
}

// ---------------------------------------------------------------- main
async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'concilia-soak-'));
  log(`working folder ${tmp} (PostgreSQL data, redis and app logs)`);
  const cleanups: (() => Promise<unknown>)[] = [];
  let exitCode = 0;
  let pgBase: string | null = null;
  try {
    // PostgreSQL (embedded, fixed port so a restart comes back where the apps expect it).
    const pgPort = await freePort();
    let embedded: EmbeddedPostgres = await startEmbeddedPostgres({ baseDir: join(tmp, 'pg'), port: pgPort });
    cleanups.push(() => embedded.stop());
    pgBase = dirname(embedded.dataDir);
    const DATABASE_URL = embedded.url;
    {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await applyMigrations(c);
      await c.end();
    }
    log(`PostgreSQL (embedded) on 127.0.0.1:${pgPort}`);

    const redis = new RedisProcess(await freePort(), join(tmp, 'redis.log'));
    await redis.start();
    cleanups.push(() => redis.kill());
    log(`redis-server on ${redis.url}`);

    // Firms: each its own Pluggy API pair, bank login, data, and Advbox account with the same book.
    const specs = Array.from({ length: FIRMS }, (_, i) => ({ seed: 700 + i, customers: 60 + 30 * i, anchorDate: today }));
    const clients = specs.map((_, i) => ({ clientId: `soak-client-${i}`, clientSecret: `soak-secret-${i}-${randomBytes(6).toString('hex')}` }));
    const pluggy = await startPluggySandbox({ clients, defaultFirm: specs[0], updateDelayMs: 500, webhookUrlRules: 'local', webhookRetries: 5, webhookRetryDelayMs: 4000 });
    cleanups.push(() => pluggy.close());
    const advbox = await startAdvboxSandbox({ firms: Object.fromEntries(specs.map((s, i) => [`soak-advbox-${i}`, { bookOptions: s }])) });
    cleanups.push(() => advbox.close());
    log(`Pluggy sandbox ${pluggy.url}, Advbox sandbox ${advbox.url}`);

    const lbPort = await freePort();
    const APP_URL = `http://127.0.0.1:${lbPort}`;
    BASE = APP_URL;
    const METRICS_TOKEN = randomBytes(20).toString('hex');
    const shared: Record<string, string> = {
      DATABASE_URL,
      REDIS_URL: redis.url,
      PLUGGY_API_URL: pluggy.url,
      ADVBOX_API_URL: advbox.url,
      APP_URL,
      TRUSTED_PROXIES: '1',
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      METRICS_TOKEN,
      DEMO_LIVE_PAYMENTS: 'false',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
    };
    Object.assign(process.env, shared);
    for (const k of ['CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_JWT_KEY', 'UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'PRISMA_ACCELERATE_URL', 'PLUGGY_CLIENT_ID', 'PLUGGY_CLIENT_SECRET', 'PLUGGY_SANDBOX_URL']) delete process.env[k];

    let mode: 'start' | 'dev' = 'dev';
    if (!args.dev) {
      if (args.build) {
        const b = await ensureBuild(log, 15 * 60_000);
        log(b.built ? `built in ${(b.ms / 1000).toFixed(0)} s` : 'production build is current');
        mode = 'start';
      } else if (existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
        mode = 'start';
        if (buildIsStale()) log('WARNING: the production build is older than the sources (run with --build to rebuild)');
      }
    }
    const appEnv = { ...process.env, ...shared, NODE_ENV: mode === 'start' ? 'production' : 'development' } as NodeJS.ProcessEnv;
    const apps: AppInstance[] = [];
    for (const name of ['a', 'b']) apps.push(appInstance({ name, port: await freePort(), mode, env: appEnv, logDir: tmp, root: ROOT }));
    const lb = await startBalancer(apps, lbPort);
    cleanups.push(() => lb.close());
    for (const a of apps) {
      await a.start();
      cleanups.push(() => a.kill('SIGTERM'));
      log(`app ${a.name} (next ${mode}) on ${a.url}, pid ${a.pid()}`);
    }
    log(`balancer ${APP_URL} → ${apps.map((a) => a.port).join(', ')}`);

    // In-process access to the database, only for setup and the final checks.
    const { resetEnvCache } = await import('@/lib/env');
    resetEnvCache();
    const { createPrismaClient } = await import('@/lib/prisma');
    const { createSession } = await import('@/lib/auth/builtin');
    const { updateSettings } = await import('@/lib/settings/settings');
    const { setupWebhooks } = await import('@/lib/pluggy/webhooks/setup');
    const { db, pool } = createPrismaClient(DATABASE_URL, 3);
    cleanups.unshift(async () => {
      await db.$disconnect();
      await pool.end();
    });

    // ------------------------------------------------------------ setup
    const firms: Firm[] = [];
    for (let i = 0; i < FIRMS; i++) {
      const name = `Escritório Soak ${i + 1}`;
      const tenant = await db.tenant.create({ data: { name, slug: `soak-${i}-${randomUUID().slice(0, 6)}`, settings: { create: {} } } });
      const tokens: string[] = [];
      let ownerId = '';
      for (const [j, role] of (['OWNER', 'MEMBER', 'MEMBER'] as const).entries()) {
        const u = await db.user.create({ data: { email: `soak-${i}-${j}-${randomUUID().slice(0, 6)}@soak.local`, name: `Pessoa ${j + 1}` } });
        await db.tenantUser.create({ data: { tenantId: tenant.id, userId: u.id, email: u.email, role } });
        if (role === 'OWNER') ownerId = u.id;
        tokens.push((await createSession(db, { userId: u.id, ip: '127.0.0.1', userAgent: 'soak' })).token);
      }
      await updateSettings(db, { tenantId: tenant.id, actorId: ownerId, input: { pluggyClientId: clients[i]!.clientId, pluggyClientSecret: clients[i]!.clientSecret, advboxToken: `soak-advbox-${i}` } });
      const user = `user-soak-${i}`;
      pluggy.control.addLogin(user, 'password-ok', specs[i]!);
      const item = pluggy.control.createItem({ user, password: 'password-ok', clientId: clients[i]!.clientId });
      await pluggy.control.waitForItem(item.id, 60_000);
      const firm: Firm = {
        i,
        name,
        tenantId: tenant.id,
        spec: specs[i]!,
        advboxToken: `soak-advbox-${i}`,
        client: clients[i]!,
        itemId: item.id,
        tokens,
        seenTx: new Set(),
        seenReceivables: new Set(),
        confirmed: [],
        attempted: new Set(),
        suggestions: [],
      };
      const bind = await request(firm, tokens[0]!, 'POST', '/api/pluggy/items', { itemId: item.id });
      if (bind.status >= 300) throw new Error(`binding the item of ${name}: ${bind.status} ${JSON.stringify(bind.json)}`);
      // In process, not through the route: in production the route insists on an HTTPS APP_URL (Pluggy's
      // rule), and the balancer here speaks plain HTTP on 127.0.0.1, which the sandbox accepts.
      await setupWebhooks(db, { tenantId: tenant.id, actorId: ownerId });
      const sync = await request(firm, tokens[0]!, 'POST', '/api/pluggy/sync', { full: true });
      if (sync.status >= 300) throw new Error(`first sync of ${name}: ${sync.status} ${JSON.stringify(sync.json)}`);
      firms.push(firm);
    }
    const sandboxIds = (f: Firm) => new Set(pluggy.control.accounts(f.itemId).flatMap((a: { id: string }) => pluggy.control.transactions(a.id).map((t: { id: string }) => t.id)));
    const storedCount = async (f: Firm) => db.pluggyTransaction.count({ where: { tenantId: f.tenantId, deletedAt: null } });
    for (const f of firms) {
      const want = sandboxIds(f).size;
      const deadline = Date.now() + 180_000;
      while ((await storedCount(f)) < want && Date.now() < deadline) await sleep(500);
      log(`${f.name}: ${int(await storedCount(f))} / ${int(want)} transactions after the first sync`);
    }

    // ------------------------------------------------------------ load
    const end = Date.now() + DURATION;
    let running = true;
    const faults: Record<string, string> = {};

    const person = async (f: Firm, token: string, who: number) => {
      let cursor: string | null = null;
      while (running) {
        const started = Date.now();
        const roll = Math.random();
        if (roll < 0.3) {
          const q = Math.random() < 0.3 && cursor ? `&cursor=${encodeURIComponent(cursor)}` : Math.random() < 0.3 ? '&type=CREDIT' : '';
          const r = await request(f, token, 'GET', `/api/pluggy/transactions?limit=50${q}`);
          cursor = (r.json as { nextCursor?: string | null } | null)?.nextCursor ?? null;
        } else if (roll < 0.5) {
          await request(f, token, 'GET', '/api/kpis');
        } else if (roll < 0.82) {
          const r = await request(f, token, 'GET', '/api/reconciliation');
          const rows = (r.json as { rows?: { transaction: { id: string }; status: string; receivables: { id: string }[] }[] } | null)?.rows;
          if (rows) {
            f.suggestions = rows
              .filter((x) => (x.status === 'auto' || x.status === 'suggested') && x.receivables.length > 0)
              .map((x) => ({ transactionId: x.transaction.id, receivableIds: x.receivables.map((rc) => String(rc.id)) }));
          }
        } else {
          const s = f.suggestions.find((x) => !f.attempted.has(x.transactionId));
          if (s) await confirm(f, token, s, who);
          else await request(f, token, 'GET', '/api/reconciliation/history?limit=20');
        }
        // About 40 requests a minute per person: under the default limit of 60.
        await sleep(Math.max(200, 1500 - (Date.now() - started)));
      }
    };

    const confirm = async (f: Firm, token: string, s: { transactionId: string; receivableIds: string[] }, who: number) => {
      f.attempted.add(s.transactionId);
      const key = `soak-${f.i}-${who}-${s.transactionId}`;
      const body = { transactionId: s.transactionId, receivableIds: s.receivableIds, idempotencyKey: key };
      // A client retries an answer it did not get (5xx, cut connection) with the same key, as the UI does.
      for (let attempt = 0; attempt < 4; attempt++) {
        const r = await request(f, token, 'POST', '/api/reconciliation/confirm', body);
        if (r.status >= 200 && r.status < 300) {
          f.confirmed.push({ ...s, phase });
          // A double submit: the same key and body must give the same answer, and pay nothing again.
          if (Math.random() < 0.3) {
            const again = await request(f, token, 'POST', '/api/reconciliation/confirm', body, 'POST /api/reconciliation/confirm (replay)');
            if (again.status !== 200) replayMismatches.push(`${f.name} ${key}: replay answered ${again.status}`);
          }
          return;
        }
        if (r.status !== 0 && r.status < 500 && r.status !== 429) return; // 404/409/422: the suggestion moved on
        await sleep(2000 + rand(2000));
      }
    };
    const replayMismatches: string[] = [];

    // The bank: client payments arrive (Pluggy's transactions/created webhook follows each).
    const bank = async () => {
      while (running) {
        const f = firms[rand(firms.length)]!;
        try {
          pluggy.control.payOpenReceivables(f.itemId, 1 + rand(2));
        } catch {
          // no open receivable left: nothing to pay
        }
        await sleep(1500 + rand(2000));
      }
    };

    // People press "Sincronizar" now and then.
    const syncs = async () => {
      while (running) {
        await sleep(20_000 + rand(20_000));
        const f = firms[rand(firms.length)]!;
        await request(f, f.tokens[0]!, 'POST', '/api/pluggy/sync', {});
      }
    };

    const lastCreated = (f: Firm) =>
      pluggy.control.deliveries
        .filter((d: { event: string; body: string }) => d.event === 'transactions/created' && (JSON.parse(d.body) as { itemId?: string }).itemId === f.itemId)
        .slice(-3)
        .map((d: { body: string }) => JSON.parse(d.body) as Record<string, unknown> & { event: string; eventId: string });

    const at = (fraction: number) => t0Load + fraction * DURATION;
    const until = async (time: number) => {
      while (Date.now() < time) await sleep(200);
    };
    const t0Load = Date.now();
    enter('steady');
    const workers = [
      ...firms.flatMap((f) => f.tokens.map((tk, who) => person(f, tk, who))),
      bank(),
      syncs(),
    ];

    // -------------------------------------------------------- fault schedule
    const schedule = async () => {
      await until(at(0.12));
      enter('redis-down');
      await redis.kill();
      await until(at(0.2));
      await redis.start();
      enter('redis-back');
      await until(at(0.26));
      enter('pluggy-5xx-429');
      faults.pluggy = 'on';
      while (Date.now() < at(0.38)) {
        const status = [500, 502, 503, 429][rand(4)] as 500 | 502 | 503 | 429;
        pluggy.control.failNext({ status, count: 3, retryAfter: 1 });
        await sleep(1000);
      }
      pluggy.control.clearFaults();
      enter('steady-2');
      await until(at(0.44));
      enter('app-killed');
      // Work for the job workers, then one instance dies with it in hand.
      for (const f of firms) await request(f, f.tokens[1]!, 'POST', '/api/pluggy/sync', { full: true });
      let active = 0;
      for (let k = 0; k < 50 && active === 0; k++) {
        active = (await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`))[0]!.n;
        if (!active) await sleep(100);
      }
      faults.activeJobsAtKill = String(active);
      await apps[0]!.kill('SIGKILL');
      log(`app a killed (SIGKILL) with ${active} job(s) active in the queue`);
      await until(at(0.56));
      await apps[0]!.start();
      log(`app a restarted, pid ${apps[0]!.pid()}`);
      enter('steady-3');
      await until(at(0.64));
      enter('db-down');
      await embedded.stop();
      const downAt = Date.now();
      await sleep(Math.min(10_000, DURATION * 0.03));
      embedded = await startEmbeddedPostgres({ baseDir: join(tmp, 'pg'), port: pgPort });
      faults.dbDownSeconds = ((Date.now() - downAt) / 1000).toFixed(1);
      enter('db-back');
      await sleep(15_000);
      enter('steady-4');
      await until(at(0.8));
      enter('webhook-dupes');
      // Earlier events again (same eventId), fresh ones out of order, each twice.
      while (Date.now() < at(0.9)) {
        const f = firms[rand(firms.length)]!;
        const old = lastCreated(f);
        const fresh = [];
        for (let k = 0; k < 2; k++) {
          try {
            const paid = pluggy.control.payOpenReceivables(f.itemId, 1, { notify: false });
            const row = paid[0]?.transaction as { accountId?: string; createdAt?: string } | undefined;
            if (row?.accountId && row.createdAt) {
              const from = new Date(row.createdAt).toISOString();
              fresh.push(
                pluggy.control.payload('transactions/created', {
                  id: f.itemId,
                  itemId: f.itemId,
                  clientId: f.client.clientId,
                  accountId: row.accountId,
                  transactionsCreatedAtFrom: from,
                  createdTransactionsLink: `${pluggy.url}/v2/transactions?accountId=${row.accountId}&createdAtFrom=${encodeURIComponent(from)}`,
                  transactionsCount: 1,
                }),
              );
            }
          } catch {
            // no open receivable left
          }
        }
        await pluggy.control.deliver([...old, ...fresh], { duplicates: 1, order: Math.random() < 0.5 ? 'reverse' : 'shuffle', seed: rand(1000), parallel: Math.random() < 0.5 });
        await sleep(2000);
      }
      enter('steady-final');
      await until(end);
    };
    await schedule();
    running = false;
    await Promise.all(workers);
    enter('settle');

    // ------------------------------------------------------------ settle
    const pendingJobs = async () => (await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created','retry','active')`))[0]!.n;
    const converged = async () => {
      for (const f of firms) {
        if ((await storedCount(f)) !== sandboxIds(f).size) return false;
      }
      return true;
    };
    await pluggy.control.settled();
    const settleDeadline = Date.now() + 240_000;
    while (Date.now() < settleDeadline && ((await pendingJobs()) > 0 || !(await converged()))) await sleep(1000);
    const settledBy = { jobsPending: await pendingJobs(), converged: await converged(), seconds: 0 };
    settledBy.seconds = Math.round((Date.now() - phaseLog.at(-1)!.at) / 1000);
    log(`settled after ${settledBy.seconds} s: jobs pending ${settledBy.jobsPending}, stored = sandbox: ${settledBy.converged}`);

    // ------------------------------------------------------------ verify
    const violations: string[] = [];
    console.log(`\n## Soak: ${FIRMS} firms, ${(DURATION / 60_000).toFixed(1)} min, two instances (next ${mode}) behind a balancer, ${new Date().toISOString()}\n`);

    // 1. Stored exactly once.
    const storedRows: (string | number)[][] = [];
    for (const f of firms) {
      const want = sandboxIds(f);
      const rows = await db.$queryRawUnsafe<{ id: string; n: number }[]>(
        `SELECT pluggy_transaction_id AS id, count(*)::int AS n FROM pluggy_transactions WHERE tenant_id = $1::uuid AND deleted_at IS NULL GROUP BY 1`,
        f.tenantId,
      );
      const have = new Map(rows.map((r) => [r.id, r.n]));
      const missing = [...want].filter((id) => !have.has(id)).length;
      const extra = [...have.keys()].filter((id) => !want.has(id)).length;
      const dup = rows.filter((r) => r.n > 1).length;
      storedRows.push([f.name, int(want.size), int(have.size), missing, extra, dup]);
      if (missing || extra || dup) violations.push(`${f.name}: ${missing} missing, ${extra} extra, ${dup} duplicated transactions`);
    }
    console.log(table(['firm', 'in the Pluggy sandbox', 'stored', 'missing', 'not in sandbox', 'stored twice'], storedRows));

    // 2. Confirms: recorded, paid, never paid twice.
    const puts = advbox.requests.filter((r) => r.method === 'PUT' && r.status === 200);
    const confirmRows: (string | number)[][] = [];
    let unflagged = 0;
    for (const f of firms) {
      const firm = advbox.firm(f.advboxToken);
      let notRecorded = 0;
      let notPaid = 0;
      for (const c of f.confirmed) {
        for (const rid of c.receivableIds) {
          const rec = await db.reconciliationRecord.findFirst({ where: { tenantId: f.tenantId, pluggyTransactionDbId: c.transactionId, advboxTransactionId: rid, status: 'CONFIRMED' } });
          if (!rec) notRecorded++;
          if (!firm.isPaid(Number(rid))) notPaid++;
        }
      }
      // Paid twice: a PUT setting date_payment on a receivable already paid by an earlier PUT (no reopen between).
      const state = new Map<string, boolean>();
      let paidTwice = 0;
      let paidPuts = 0;
      for (const r of puts.filter((p) => p.token === f.advboxToken)) {
        const id = r.path.split('/').pop()!;
        const paid = (r.body as { date_payment?: string | null } | undefined)?.date_payment != null;
        if (paid) paidPuts++;
        if (paid && state.get(id)) paidTwice++;
        state.set(id, paid);
      }
      const records = await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, status: 'CONFIRMED' } });
      const unmarked = await db.reconciliationRecord.count({ where: { tenantId: f.tenantId, status: 'CONFIRMED', markedPaidInAdvbox: false } });
      unflagged += unmarked;
      confirmRows.push([f.name, f.confirmed.length, records, unmarked, paidPuts, notRecorded, notPaid, paidTwice]);
      if (notRecorded || notPaid || paidTwice) violations.push(`${f.name}: of the 2xx confirms ${notRecorded} not recorded, ${notPaid} not paid in Advbox; ${paidTwice} receivable(s) paid twice`);
    }
    console.log(
      table(['firm', 'confirms 2xx', 'CONFIRMED records', '… not flagged marked', 'Advbox paying PUTs', '2xx not recorded', '2xx not paid', 'paid twice'], confirmRows),
    );
    // Paid in Advbox but the record step never ran: only a confirm cut by the SIGKILL may leave that.
    const confirmsCut = samples.filter((x) => x.phase === 'app-killed' && x.route === 'POST /api/reconciliation/confirm' && (x.status === 502 || x.status === 0)).length;
    if (unflagged > confirmsCut) violations.push(`${unflagged} CONFIRMED record(s) paid in Advbox but not flagged (record step failed); ${confirmsCut} confirm(s) were cut by the SIGKILL`);
    if (replayMismatches.length) {
      violations.push(`${replayMismatches.length} replayed confirm(s) did not answer 200`);
      for (const m of replayMismatches.slice(0, 5)) console.log(`  replay: ${m}`);
    }

    // 3. No other tenant's data.
    const leakRows: (string | number)[][] = [];
    for (const f of firms) {
      const ids = [...f.seenTx];
      const own = ids.length ? await db.pluggyTransaction.count({ where: { tenantId: f.tenantId, id: { in: ids } } }) : 0;
      const book = advbox.firm(f.advboxToken);
      const foreignRecv = [...f.seenReceivables].filter((id) => !book.transaction(Number(id))).length;
      leakRows.push([f.name, int(ids.length), int(ids.length - own), int(f.seenReceivables.size), foreignRecv]);
      if (own !== ids.length || foreignRecv) violations.push(`${f.name}: shown ${ids.length - own} transaction(s) and ${foreignRecv} receivable(s) not its own`);
    }
    console.log(table(['firm', 'transaction ids shown', 'not its own', 'receivable ids shown', 'not its own'], leakRows));

    // 4. Jobs.
    const jobs = await db.$queryRawUnsafe<{ name: string; state: string; n: number; retries: number }[]>(
      `SELECT name, state, count(*)::int AS n, coalesce(sum(retry_count), 0)::int AS retries FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    console.log(table(['job', 'state', 'jobs', 'retries'], jobs.map((j) => [j.name, j.state, j.n, j.retries])));
    const failed = jobs.filter((j) => j.state === 'failed');
    if (failed.length) {
      violations.push(`jobs left failed: ${failed.map((j) => `${j.name} ×${j.n}`).join(', ')}`);
      const detail = await db.$queryRawUnsafe<{ name: string; output: unknown }[]>(`SELECT name, output FROM pgboss.job WHERE state = 'failed' LIMIT 5`);
      for (const d of detail) console.log(`  failed ${d.name}: ${JSON.stringify(d.output).slice(0, 300)}`);
    }
    if (settledBy.jobsPending) violations.push(`${settledBy.jobsPending} job(s) still pending ${settledBy.seconds} s after the load stopped`);

    // 5. Status and latency by phase.
    const phases = [...new Set(samples.map((s) => s.phase))];
    const phaseRows = phases.map((p) => {
      const list = samples.filter((s) => s.phase === p);
      const lat = percentiles(list.filter((s) => s.status > 0).map((s) => s.ms));
      const by = (pred: (s: Sample) => boolean) => list.filter(pred).length;
      const start = phaseLog.find((x) => x.name === p);
      return [
        p,
        start ? `${((start.at - t0Load) / 1000).toFixed(0)} s` : '',
        start ? start.load.toFixed(1) : '',
        int(list.length),
        by((s) => s.status >= 200 && s.status < 300),
        by((s) => s.status === 429),
        by((s) => s.status >= 400 && s.status < 500 && s.status !== 429),
        by((s) => s.status === 500),
        by((s) => s.status === 502),
        by((s) => s.status === 503),
        by((s) => s.status === 0),
        ms(lat.p50),
        ms(lat.p99),
      ];
    });
    console.log(table(['phase', 'from', 'load avg', 'requests', '2xx', '429', 'other 4xx', '500', '502', '503', 'no answer', 'p50', 'p99'], phaseRows));
    const other4xx = new Map<string, number>();
    for (const s of samples.filter((x) => x.status >= 400 && x.status < 500 && x.status !== 429)) {
      const k = `${s.phase} · ${s.route} · ${s.status} ${s.code ?? ''}`;
      other4xx.set(k, (other4xx.get(k) ?? 0) + 1);
    }
    if (other4xx.size) console.log(table(['other 4xx: phase · route · status code', 'n'], [...other4xx].sort((a, b) => b[1] - a[1]).slice(0, 25)));
    const fiveHundreds = samples.filter((s) => s.status >= 500 || s.status === 0);
    const byRoute = new Map<string, number>();
    for (const s of fiveHundreds) byRoute.set(`${s.phase} · ${s.route} · ${s.status}`, (byRoute.get(`${s.phase} · ${s.route} · ${s.status}`) ?? 0) + 1);
    if (byRoute.size) console.log(table(['5xx / no answer: phase · route · status', 'n'], [...byRoute].sort((a, b) => b[1] - a[1]).slice(0, 25)));
    // Outside the outage every 5xx counts, except the requests the killed instance had in hand (the balancer
    // answers those 502: a SIGKILL loses in-flight requests by definition).
    const outside = fiveHundreds.filter((s) => s.phase !== 'db-down');
    const killedInFlight = Math.min(lb.cut, outside.filter((s) => s.phase === 'app-killed' && s.status === 502).length);
    if (outside.length - killedInFlight > 0) violations.push(`${outside.length - killedInFlight} 5xx / unanswered request(s) outside the database outage`);
    if (killedInFlight) console.log(`\n${killedInFlight} request(s) were in flight on the instance killed with SIGKILL (502 from the balancer; not counted as violations)`);
    const routeErrors = apps.map((a) => `${a.name}: ${(readFileSync(join(tmp, `app-${a.name}.log`), 'utf8').match(/unhandled error in route/g) ?? []).length}`).join(', ');
    console.log(`\nfaults: ${JSON.stringify(faults)}; balancer: ${lb.rerouted} rerouted (instance refused), ${lb.cut} cut mid-answer; "unhandled error in route" lines ${routeErrors}`);
    console.log(`webhook deliveries: ${pluggy.control.deliveries.length} attempts, ${pluggy.control.deliveries.filter((d: { status: number | null }) => d.status !== 200).length} not 200`);

    // 6. Security headers (production only: development allows 'unsafe-eval').
    if (mode === 'start') {
      // An instance of its own: with APP_URL set, its scheme decides HSTS (http here); without it, a
      // trusted proxy's X-Forwarded-Proto does, which is what is checked.
      const { APP_URL: _appUrl, ...noAppUrl } = appEnv;
      const headerApp = appInstance({ name: 'headers', port: await freePort(), mode, env: { ...noAppUrl, JOBS_IN_WEB: 'false' }, logDir: tmp, root: ROOT });
      await headerApp.start();
      const h = await securityHeaders(headerApp.url).finally(() => headerApp.kill('SIGTERM'));
      console.log(table(['security header check (production build, X-Forwarded-Proto: https)', 'result'], h.map((x) => [x.check, x.ok ? 'ok' : `FAIL ${x.detail ?? ''}`])));
      for (const x of h) if (!x.ok) violations.push(`security header: ${x.check} ${x.detail ?? ''}`);
    }

    console.log(violations.length ? `\nVIOLATIONS (${violations.length}):\n${violations.map((v) => `  - ${v}`).join('\n')}` : '\nAll invariants held.');
    exitCode = violations.length ? 1 : 0;
    if (args.keep) log(`kept ${tmp}`);
  } catch (err) {
    console.error(err);
    exitCode = 2;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    // The database folder may live outside tmp (as root, where the postgres user can reach it).
    if (!args.keep && pgBase) rmSync(pgBase, { recursive: true, force: true });
    if (!args.keep && exitCode === 0) rmSync(tmp, { recursive: true, force: true });
    else log(`logs kept in ${tmp}`);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
