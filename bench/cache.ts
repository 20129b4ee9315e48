// npm run bench:cache [-- --tenants 200 --transactions 1000000 --keep | --database-url URL]
//
// End-to-end cost of the Redis cache, measured against the framework's own
// floor in the same run (figures only mean something relative to each other
// on one machine):
//   1. scratch database seeded with synthetic firms (or --database-url)
//   2. Upstash REST bridge over the local Redis, in a child process (as
//      Upstash is a separate service) and a db index of its own (flushed)
//   3. `next build` if stale, `next start` on a free port (production)
//   4. benchmark users + sessions in the tenant with the most transactions
//   5. HTTP load (keep-alive, N connections, fixed duration):
//        trivial route (GET /api/ping, no I/O) — the floor
//        GET /api/pluggy/transactions first page, warm: HIT
//        the same page with a distinct (no-op) `from` per request: MISS
//   6. invalidateTenant with 10 vs 100,000 keys (one INCR), and the seed's
//      SCAN-based invalidatePattern over the same 100,000 keys
//   7. rate limiter limit('default') latency, sequential and concurrent
//   8. everything stopped; the scratch database dropped unless --keep
//
// Rate limiting: the default policy allows 60 requests / 60 s per user and
// has no override (lib/rate-limit/policies.ts), so the HTTP phases rotate
// through many benchmark users, each used for at most PER_USER requests.
// Reference figures from the team notes (same machine): trivial route ~1.9k
// req/s, p50 15 ms, p99 34 ms at 32 connections; @upstash/redis GET through a
// local bridge ~15k ops/s at 32 concurrency; limit() p50 0.45 ms sequential.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createSession } from '@/lib/auth/builtin';
import { cached, encodeEntry, entryDiscriminator, etagOf, generationKeys, invalidateTenant, logicalKey } from '@/lib/cache';
import { parseGeneration } from '@/lib/cache/keys';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { createPrismaClient, type Db } from '@/lib/prisma';
import { limit } from '@/lib/rate-limit';
import { getRedisBackend, invalidatePattern, resetRedisForTests } from '@/lib/redis';
import { seedSynthetic } from '@/lib/synthetic/seed';
import { startBridgeProcess, type BridgeProcess } from './lib/bridge-process';
import { runLoad, timeCalls, type LoadResult, type PlannedRequest } from './lib/load';
import { ensureBuild, startNext, type NextApp } from './lib/next-app';
import { int, ms, table } from './lib/table';

const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** Requests per benchmark user: below the default policy's 60 / 60 s, so nobody is ever limited. */
const PER_USER = 50;
/** Upper bound on authenticated req/s used to size the user pool (the phase ends early if it runs dry). */
const MAX_AUTH_RPS = 3000;
const WARMUP_MS = 2000;
/** MISS requests use from = 1900-01-01 + i days: all before the data, so each is the same first page under a new key. */
const MISS_FROM_BASE = Date.UTC(1900, 0, 1);
const MISS_MAX = 40_000; // 1900 + 40,000 days ≈ 2009, still before any synthetic transaction

const USAGE = `Usage: npm run bench:cache -- [options]

  --tenants N          synthetic firms to seed (default 200)
  --transactions N     synthetic transactions to seed (default 1000000)
  --database-url URL   use this already seeded database instead of a scratch one
  --keep               keep the scratch database (its URL is printed) for --database-url
  --duration S         seconds per HTTP phase (default 10)
  --connections N      concurrent keep-alive connections (default 32)
  --redis-url URL      Redis behind the bridge (default redis://127.0.0.1:6379)
  --redis-db N         Redis db index for the run, flushed at start and end (default 13)
  --phases LIST        HTTP phases to measure, comma-separated (default ping,hit,miss)
  --rounds N           measure the phases N times, interleaved; report each phase's median run (default 3)
  --sequential S       then S seconds per phase with ONE connection: latency without queueing (default 5, 0 = skip)
  --profile DIR        write a V8 CPU profile of the server (next start) into DIR
`;

interface Args {
  tenants: number;
  transactions: number;
  databaseUrl?: string;
  keep: boolean;
  durationMs: number;
  connections: number;
  redisUrl: string;
  redisDb: number;
  phases: Set<Phase>;
  rounds: number;
  sequentialMs: number;
  profileDir?: string;
}

const PHASES = ['ping', 'hit', 'miss'] as const;
type Phase = (typeof PHASES)[number];

function parse(): Args | null {
  const { values } = parseArgs({
    options: {
      tenants: { type: 'string', default: '200' },
      transactions: { type: 'string', default: '1000000' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'redis-db': { type: 'string', default: '13' },
      phases: { type: 'string', default: PHASES.join(',') },
      rounds: { type: 'string', default: '3' },
      sequential: { type: 'string', default: '5' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const num = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    tenants: num('tenants', values.tenants, 1, 100_000),
    transactions: num('transactions', values.transactions, 0, 100_000_000),
    databaseUrl: values['database-url'],
    keep: values.keep,
    durationMs: num('duration', values.duration, 1, 600) * 1000,
    connections: num('connections', values.connections, 1, 1024),
    redisUrl: values['redis-url'],
    redisDb: num('redis-db', values['redis-db'], 0, 15),
    phases: new Set(
      values.phases.split(',').map((p) => {
        if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--phases: unknown phase "${p}" (${PHASES.join(', ')})`);
        return p as Phase;
      }),
    ),
    rounds: num('rounds', values.rounds, 1, 20),
    sequentialMs: num('sequential', values.sequential, 0, 600) * 1000,
    profileDir: values.profile,
  };
}

const t0 = performance.now();
const log = (line: string) => console.log(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}`);

/** Users, memberships (OWNER of the tenant) and sessions: one bearer token per PER_USER requests. */
async function createBenchUsers(db: Db, tenantId: string, count: number, tag: string): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `bench-${tag}-${i}@bench.concilia.local`);
  await db.user.createMany({ data: emails.map((email) => ({ email, name: 'Benchmark' })) });
  const users = await db.user.findMany({ where: { email: { startsWith: `bench-${tag}-` } }, select: { id: true, email: true } });
  await db.tenantUser.createMany({ data: users.map((u) => ({ tenantId, userId: u.id, email: u.email, role: 'OWNER' as const })) });
  const tokens: string[] = [];
  for (let i = 0; i < users.length; i += 16) {
    const batch = users.slice(i, i + 16);
    const made = await Promise.all(batch.map((u) => createSession(db, { userId: u.id, ip: '127.0.0.1', userAgent: 'bench:cache' })));
    tokens.push(...made.map((m) => m.token));
  }
  return tokens;
}

class TokenPool {
  private used = 0;
  constructor(private readonly tokens: string[]) {}
  /** The token for the next request, or null when every user has spent PER_USER requests. */
  next(): string | null {
    const t = this.tokens[Math.floor(this.used / PER_USER)];
    if (t) this.used += 1;
    return t ?? null;
  }
  get remainingRequests(): number {
    return this.tokens.length * PER_USER - this.used;
  }
}

function missFrom(i: number): string {
  return new Date(MISS_FROM_BASE + i * 86_400_000).toISOString().slice(0, 10);
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
}

async function main(): Promise<number> {
  let args: Args | null;
  try {
    args = parse();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const a = args;
  const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
  const cleanup = async () => {
    while (cleanups.length) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (err) {
        console.error(`[bench] cleanup "${c.name}" failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    console.error('[bench] interrupted; cleaning up…');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 3 first: a failing build should not cost a seed.
    const build = await ensureBuild(log);
    log(build.built ? `next build done in ${(build.ms / 1000).toFixed(1)} s` : '.next is up to date, no build');

    // 1. database
    let databaseUrl = a.databaseUrl;
    const tag = randomBytes(4).toString('hex');
    if (!databaseUrl) {
      const scratch = await createScratchDatabase(ADMIN_URL, { prefix: 'concilia_bench' });
      databaseUrl = scratch.url;
      cleanups.push({
        name: 'drop scratch database',
        run: async () => {
          if (a.keep) log(`kept the scratch database: --database-url ${scratch.url}`);
          else await scratch.drop();
        },
      });
      log(`scratch database ${scratch.name}; seeding ${int(a.tenants)} tenants / ${int(a.transactions)} transactions…`);
      const stats = await seedSynthetic({ connectionString: scratch.url, tenants: a.tenants, transactions: a.transactions, log: (l) => log(`seed: ${l}`) });
      log(`seeded in ${(stats.totalMs / 1000).toFixed(1)} s (${int(stats.rowsPerSecond)} rows/s)`);
    } else {
      log(`using the existing database ${new URL(databaseUrl).pathname.slice(1)}`);
    }
    const { db, pool } = createPrismaClient(databaseUrl, 8);
    cleanups.push({ name: 'close database pool', run: () => db.$disconnect().then(() => pool.end()) });
    const dbUrl = databaseUrl;

    // 2. Redis through the bridge, in a db index of our own
    const raw = new Redis(a.redisUrl, { db: a.redisDb, lazyConnect: true });
    await raw.connect();
    await raw.flushdb();
    cleanups.push({ name: 'flush and disconnect Redis', run: () => raw.flushdb().finally(() => raw.disconnect()) });
    const bridge: BridgeProcess = await startBridgeProcess({ redisUrl: a.redisUrl, db: a.redisDb });
    cleanups.push({ name: 'close bridge', run: () => bridge.close() });
    log(`Upstash bridge (own process) on ${bridge.url} → ${a.redisUrl} db ${a.redisDb} (flushed)`);

    // 4. benchmark users in the busiest tenant
    const [busiest] = await pool.query<{ tenant_id: string; n: number }>(
      'SELECT tenant_id, count(*)::int AS n FROM pluggy_transactions WHERE deleted_at IS NULL GROUP BY tenant_id ORDER BY n DESC LIMIT 1',
    ).then((r) => r.rows);
    if (!busiest) throw new Error('the database holds no transactions: seed it (or drop --database-url)');
    const { rows: [totals] } = await pool.query<{ tenants: number; txns: number }>(
      'SELECT (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM pluggy_transactions) AS txns',
    );
    const usersNeeded = Math.ceil(((2 * a.rounds * a.durationMs + 2 * WARMUP_MS + 2 * a.sequentialMs) / 1000) * (MAX_AUTH_RPS / PER_USER));
    const tokens = await createBenchUsers(db, busiest.tenant_id, usersNeeded, tag);
    cleanups.push({
      name: 'delete benchmark users',
      run: async () => {
        const users = await db.user.findMany({ where: { email: { startsWith: `bench-${tag}-` } }, select: { id: true } });
        await db.tenantUser.deleteMany({ where: { userId: { in: users.map((u) => u.id) } } });
        await db.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
      },
    });
    const tokenPool = new TokenPool(tokens);
    log(`${int(tokens.length)} benchmark users (OWNER of tenant ${busiest.tenant_id}, ${int(busiest.n)} transactions), ${PER_USER} requests each`);

    // 5. the app
    const hasPing = existsSync(join(process.cwd(), 'app', 'api', 'ping', 'route.ts'));
    const floorPath = hasPing ? '/api/ping' : '/api/health';
    const app: NextApp = await startNext(
      {
        DATABASE_URL: dbUrl,
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        REDIS_SLOW_MS: '10000',
        LOG_LEVEL: 'warn',
        ...(a.profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${a.profileDir}` } : {}),
      },
      floorPath,
    );
    cleanups.push({ name: 'stop next start', run: () => app.stop() });
    log(`next start on ${app.baseUrl}`);
    if (!hasPing) {
      log('NOTE: app/api/ping/route.ts is missing; the floor is GET /api/health, which queries the database and is rate limited per IP (varied here)');
    }

    const floorRequest = (i: number): PlannedRequest =>
      hasPing ? { path: floorPath } : { path: floorPath, headers: { 'x-forwarded-for': `10.9.${(i >> 16) & 255}.${(i >> 6) & 255}` } };
    const authed = (path: string): PlannedRequest | null => {
      const token = tokenPool.next();
      return token ? { path, headers: { authorization: `Bearer ${token}` } } : null;
    };
    const HIT_PATH = '/api/pluggy/transactions';
    let missIndex = 0;
    const missRequest = (): PlannedRequest | null => (missIndex < MISS_MAX ? authed(`${HIT_PATH}?from=${missFrom(missIndex++)}`) : null);
    const load = (label: string, durationMs: number, next: (i: number) => PlannedRequest | null, connections = a.connections) =>
      runLoad({ label, baseUrl: app.baseUrl, connections, durationMs, next });

    // Prime: the HIT entry, JIT, pools.
    const fetchHit = () => fetch(`${app.baseUrl}${HIT_PATH}`, { headers: { authorization: `Bearer ${tokenPool.next()}` } });
    const prime = await fetchHit();
    const primeBody = (await prime.json()) as { items?: unknown[] };
    if (prime.status !== 200) throw new Error(`GET ${HIT_PATH} answered ${prime.status}: ${JSON.stringify(primeBody)}`);
    log(`GET ${HIT_PATH}: ${primeBody.items?.length ?? 0} items on the first page, X-Cache ${prime.headers.get('x-cache')}`);
    log(`warming up (${WARMUP_MS / 1000} s each)…`);
    const on = (phase: Phase) => a.phases.has(phase);
    if (on('ping')) await load('warm-up floor', WARMUP_MS, floorRequest);
    if (on('hit')) await load('warm-up HIT', WARMUP_MS, () => authed(HIT_PATH));
    if (on('miss')) await load('warm-up MISS', WARMUP_MS / 2, missRequest);

    log(`measuring: ${a.rounds} round(s) of ${a.durationMs / 1000} s per phase, ${a.connections} connections`);
    // Rounds interleave the phases so that drift on a shared machine (other
    // processes, CPU boost) hits them alike; each phase reports its median run.
    const runs: Record<Phase, LoadResult[]> = { ping: [], hit: [], miss: [] };
    for (let round = 0; round < a.rounds; round++) {
      if (on('ping')) runs.ping.push(await load(`GET ${floorPath}${hasPing ? ' (trivial)' : ' (floor stand-in)'}`, a.durationMs, floorRequest));
      if (on('hit')) {
        // The entry lives 60 s and a round can take longer: a generation
        // bump and one request store it afresh, so the phase measures HITs.
        await raw.incr(generationKeys(busiest.tenant_id, 'txns')[1]);
        await (await fetchHit()).arrayBuffer();
        runs.hit.push(await load(`GET ${HIT_PATH} HIT`, a.durationMs, () => authed(HIT_PATH)));
      }
      if (on('miss')) runs.miss.push(await load(`GET ${HIT_PATH}?from=… MISS`, a.durationMs, missRequest));
    }
    const medianRun = (xs: LoadResult[]) => (xs.length ? [...xs].sort((x, y) => x.rps - y.rps)[Math.floor(xs.length / 2)]! : null);
    const floor = medianRun(runs.ping);
    const hit = medianRun(runs.hit);
    const miss = medianRun(runs.miss);
    const results = [floor, hit, miss].filter((r): r is LoadResult => r !== null);

    // At 32 connections on 2 cores a request mostly waits in line (Little's
    // law: latency ≈ connections / throughput), so a latency target is read
    // on one connection: the service time of a single request.
    const sequential: LoadResult[] = [];
    if (a.sequentialMs > 0) {
      log(`sequential: ${a.sequentialMs / 1000} s per phase, 1 connection`);
      if (on('ping')) sequential.push(await load(`GET ${floorPath} (trivial), 1 conn`, a.sequentialMs, floorRequest, 1));
      if (on('hit')) sequential.push(await load(`GET ${HIT_PATH} HIT, 1 conn`, a.sequentialMs, () => authed(HIT_PATH), 1));
      if (on('miss')) sequential.push(await load(`GET ${HIT_PATH}?from=… MISS, 1 conn`, a.sequentialMs, missRequest, 1));
    }

    // 6 and 7 run in this process against the same bridge.
    process.env.UPSTASH_REDIS_REST_URL = bridge.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
    process.env.REDIS_TIMEOUT_MS = '5000';
    process.env.REDIS_SLOW_MS = '10000';
    delete process.env.REDIS_URL;
    resetEnvCache();
    resetRedisForTests();
    log('invalidation: populating 10 and 100,000 cache keys…');
    const invalidation = await measureInvalidation(raw, bridge);
    log('rate limiter and Redis GET latency…');
    const limiter = await measureLimiter(tag);

    // Output
    console.log('');
    console.log(`Concilia cache benchmark — Node ${process.version}, ${cpus().length} CPUs, Next ${nextVersion()}, ` +
      `${int(totals?.tenants ?? 0)} tenants / ${int(totals?.txns ?? 0)} transactions; tenant under test holds ${int(busiest.n)}.`);
    console.log(`HTTP: ${a.connections} keep-alive connections, ${a.durationMs / 1000} s per phase, load generator in the same machine.`);
    console.log('');
    console.log(
      table(
        ['HTTP', 'requests', 'req/s', 'p50', 'p99', 'max', 'status', 'X-Cache', 'body bytes'],
        [...results, ...sequential].map((r) => [
          r.label + (r.exhausted ? ' (users ran out)' : ''),
          int(r.requests),
          int(r.rps),
          ms(r.p50),
          ms(r.p99),
          ms(r.max),
          describeCounts(r.statuses),
          describeCounts(r.xCache),
          r.bodyBytes.min === r.bodyBytes.max ? int(r.bodyBytes.min) : `${int(r.bodyBytes.min)}-${int(r.bodyBytes.max)}`,
        ]),
      ),
    );
    console.log('');
    if (a.rounds > 1) console.log(`(median run of ${a.rounds} per phase)`);
    if (hit && floor) console.log(`HIT throughput = ${((hit.rps / floor.rps) * 100).toFixed(1)} % of the trivial route's (${int(hit.rps)} / ${int(floor.rps)} req/s)`);
    if (a.rounds > 1 && runs.hit.length && runs.ping.length) {
      const perRound = runs.hit.map((h, i) => `${((h.rps / runs.ping[i]!.rps) * 100).toFixed(0)} %`);
      console.log(`HIT / trivial per round: ${perRound.join(', ')}`);
    }
    if (miss && floor) console.log(`MISS throughput = ${((miss.rps / floor.rps) * 100).toFixed(1)} % of it`);
    if (miss) console.log(`MISS p99 = ${ms(miss.p99)} at ${a.connections} connections${hit ? ` (HIT p99 ${ms(hit.p99)})` : ''}`);
    const seqMiss = sequential.find((r) => r.label.includes('MISS'));
    if (seqMiss) console.log(`MISS p99 = ${ms(seqMiss.p99)} on 1 connection (p50 ${ms(seqMiss.p50)})`);
    console.log('');
    console.log(
      table(
        ['invalidation', 'keys', `1st call (median of ${ROUNDS})`, 'next 50 (median)', 'Redis commands'],
        [
          ['invalidateTenant (INCR gen)', int(10), ms(invalidation.small.first), ms(invalidation.small.median), String(invalidation.small.commands)],
          ['invalidateTenant (INCR gen)', int(100_000), ms(invalidation.large.first), ms(invalidation.large.median), String(invalidation.large.commands)],
          ['invalidatePattern (SCAN+DEL)', int(100_000), ms(invalidation.scan.ms), '-', `${int(invalidation.scan.commands)} (${int(invalidation.scan.deleted)} deleted, db had ${int(invalidation.scan.dbsize)} keys)`],
        ],
      ),
    );
    console.log(
      `ratio 100k / 10 keys: first call ${(invalidation.large.first / invalidation.small.first).toFixed(2)}, median ${(invalidation.large.median / invalidation.small.median).toFixed(2)} (expected ≈ 1); ` +
        `SCAN+DEL / INCR: ${int(invalidation.scan.ms / invalidation.large.median)}×`,
    );
    console.log(`after invalidateTenant an entry reads as ${invalidation.small.after} (10 keys) / ${invalidation.large.after} (100k keys); expected MISS`);
    console.log('');
    console.log(
      table(
        ['Redis via bridge', 'calls', 'concurrency', 'ops/s', 'p50', 'p99'],
        limiter.map((r) => [r.label, int(r.n), String(r.concurrency), int(r.opsPerSecond), ms(r.p50), ms(r.p99)]),
      ),
    );
    console.log('');
    console.log('Reference (team notes, this machine): trivial route ~1.9k req/s p50 15 ms p99 34 ms @32; @upstash/redis GET via bridge ~15k ops/s @32; limit() p50 0.45 ms sequential.');
    const failures = [...results, ...sequential].reduce((n, r) => n + Object.entries(r.statuses).filter(([s]) => s !== '200').reduce((m, [, v]) => m + v, 0), 0);
    if (failures) console.log(`WARNING: ${failures} non-200 responses during the HTTP phases (see the status column).`);
    if (hit && hit.xCache.HIT !== hit.requests) {
      console.log(`WARNING: ${int(hit.requests - (hit.xCache.HIT ?? 0))} HIT-phase responses were not HITs (the entry's TTL can lapse mid-phase: then up to ${a.connections} concurrent requests share one recomputation).`);
    }
    if (miss && miss.xCache.MISS !== miss.requests) console.log('WARNING: not every MISS-phase response was a MISS.');
    log(`done (${int(tokenPool.remainingRequests)} benchmark requests unused)`);
    return 0;
  } finally {
    await cleanup();
  }
}

function nextVersion(): string {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'next', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

interface InvalidationTimes {
  /** Median over ROUNDS of one invalidateTenant with `keys` live entries just written. */
  first: number;
  /** Median of 50 back-to-back calls after that. */
  median: number;
  /** Redis commands one invalidateTenant sent through the bridge. */
  commands: number;
  /** How a read of an invalidated entry came back (MISS expected). */
  after: string;
}

const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Writes `count` txns entries for the tenant under its current generations, as cached() would; returns their keys. */
async function populate(raw: Redis, tenantId: string, count: number): Promise<string[]> {
  const [t, v] = await raw.mget(...generationKeys(tenantId, 'txns'));
  const body = JSON.stringify({ items: [], nextCursor: null });
  const value = encodeEntry({ gens: [parseGeneration(t), parseGeneration(v)], etag: etagOf(body), body });
  const keys = Array.from({ length: count }, (_, j) => logicalKey(tenantId, 'txns', entryDiscriminator('txns', { page: j })));
  for (let i = 0; i < count; i += 10_000) {
    const p = raw.pipeline();
    for (const key of keys.slice(i, i + 10_000)) p.set(key, value, 'EX', 600);
    await p.exec();
  }
  const stored = await countKeys(raw, `tenant:${tenantId}:txns:*`);
  if (stored !== count) throw new Error(`expected ${count} keys for ${tenantId}, found ${stored}`);
  return keys;
}

async function unlinkAll(raw: Redis, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10_000) await raw.unlink(...keys.slice(i, i + 10_000));
}

async function countKeys(raw: Redis, match: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', match, 'COUNT', 5000);
    cursor = next;
    n += keys.length;
  } while (cursor !== '0');
  return n;
}

/**
 * ROUNDS times: write `count` live entries, settle, time one invalidateTenant,
 * check an entry now misses. The last round's (now hidden) entries are kept
 * when keepLast, for the SCAN comparison.
 */
async function timeInvalidation(raw: Redis, bridge: BridgeProcess, tenantId: string, count: number, keepLast: boolean): Promise<InvalidationTimes> {
  const firsts: number[] = [];
  let commands = 0;
  let after = '';
  for (let round = 0; round < ROUNDS; round++) {
    const keys = await populate(raw, tenantId, count);
    await new Promise((r) => setTimeout(r, 200)); // let the populate's garbage be collected outside the timing
    await bridge.resetStats();
    const s = performance.now();
    await invalidateTenant(tenantId);
    firsts.push(performance.now() - s);
    commands = (await bridge.stats()).total;
    after = (await cached({ tenantId, resource: 'txns', params: { page: count - 1 }, compute: async () => ({ fresh: true }) })).status;
    if (!(keepLast && round === ROUNDS - 1)) await unlinkAll(raw, keys);
  }
  const repeats: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    await invalidateTenant(tenantId);
    repeats.push(performance.now() - s);
  }
  return { first: median(firsts), median: median(repeats), commands, after };
}

async function measureInvalidation(raw: Redis, bridge: BridgeProcess) {
  // Warm the client and the connection first.
  const scratch = randomUUID();
  for (let i = 0; i < 50; i++) await invalidateTenant(scratch);

  const small = await timeInvalidation(raw, bridge, randomUUID(), 10, false);
  const largeTenant = randomUUID();
  const large = await timeInvalidation(raw, bridge, largeTenant, 100_000, true);

  // The seed's SCAN + DEL over the same 100,000 keys (still stored, under an old generation).
  const dbsize = await raw.dbsize();
  await bridge.resetStats();
  const s = performance.now();
  const deleted = await invalidatePattern(`tenant:${largeTenant}:*`);
  const scanMs = performance.now() - s;
  return { small, large, scan: { ms: scanMs, commands: (await bridge.stats()).total, deleted, dbsize } };
}

async function measureLimiter(tag: string) {
  // A fresh identifier every PER_USER calls, so every call takes the allowed path.
  let seq = 0;
  const limited = () => limit('default', `user:bench-${tag}-${Math.floor(seq++ / PER_USER)}`);
  const run = async (label: string, n: number, concurrency: number, fn: () => Promise<unknown>) => {
    await timeCalls(Math.min(500, n), concurrency, fn); // warm-up
    return { label, concurrency, ...(await timeCalls(n, concurrency, fn)) };
  };
  const backend = getRedisBackend();
  if (!backend) throw new Error('Redis backend not configured in-process');
  await backend.set('bench:get', 'x'.repeat(100), 600);
  return [
    await run("limit('default') sequential", 2000, 1, limited),
    await run("limit('default') concurrent", 10_000, 32, limited),
    await run('@upstash/redis GET (reference)', 20_000, 32, () => backend.get('bench:get')),
  ];
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
