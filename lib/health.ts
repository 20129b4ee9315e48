// What GET /api/health reports: the database answers, migrations are
// current, Redis is absent / reachable / unreachable, and the version.
// 200 when the app can serve (Redis is optional: without it, or with it
// down, requests go to the database); 503 naming the failing part otherwise.
// `realtime` counts this instance's SSE streams, their subscriptions and
// heartbeat timers (all 0 once the browsers are gone) and names the
// cross-instance transport; like `notifications` it never changes the status.
// `notifications` says whether this instance LISTENs (lib/db/listener.ts);
// without it auth lookups are not reused (slower, still correct), so it is
// reported but does not change the status. `jobs` counts the job types this
// instance works (0 on a web-only instance); informational too, since another
// instance or `npm run worker` may run them.
// The full report (error texts, migration names, latencies, version) is for
// a signed-in or internal (loopback) caller; anyone else gets publicHealth():
// which part is failing, nothing that describes the installation.
import pkg from '@/package.json';
import { computeStatus, readLocalMigrations, type LocalMigration } from '@/lib/db/migrations';
import type { Db } from '@/lib/prisma';

export interface RealtimeState {
  transport: string | null;
  connected: boolean;
  streams: number;
  subscribers: number;
  heartbeatTimers: number;
}

export type RedisState = { state: 'absent' | 'reachable' | 'unreachable'; latencyMs?: number; backend?: string };

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  time: string;
  checks: {
    database: { ok: boolean; latencyMs?: number; error?: string };
    migrations: { ok: boolean; applied?: number; pending?: string[]; failed?: string[]; error?: string };
    redis: RedisState;
    notifications?: { listening: boolean };
    /** What this instance holds for browsers (lib/events/stream.ts): counts only. */
    realtime?: RealtimeState;
    /** Job types this instance has workers for (0 for a web-only instance, JOBS_IN_WEB=false). */
    jobs?: { workers: number };
  };
  failing: string[];
}

let localMigrations: LocalMigration[] | undefined;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms).unref()),
  ]);
}

export async function checkHealth(deps: {
  db: () => Db;
  redis: () => Promise<RedisState>;
  listening?: () => boolean;
  realtime?: () => RealtimeState;
  jobWorkers?: () => number;
}): Promise<HealthReport> {
  const failing: string[] = [];
  const checks: HealthReport['checks'] = {
    database: { ok: false },
    migrations: { ok: false },
    redis: { state: 'absent' },
  };

  const [dbResult, redisResult] = await Promise.allSettled([
    (async () => {
      const db = deps.db();
      const t0 = performance.now();
      await withTimeout(db.$queryRawUnsafe('SELECT 1'), 2000, 'database');
      checks.database = { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
      localMigrations ??= readLocalMigrations();
      const rows = await withTimeout(
        db.$queryRawUnsafe<
          { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }[]
        >(
          `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
        ),
        2000,
        'migrations',
      );
      const status = computeStatus(localMigrations, rows);
      checks.migrations = {
        ok: status.pending.length === 0 && status.failed.length === 0,
        applied: status.applied.length,
        pending: status.pending,
        failed: status.failed,
      };
    })(),
    withTimeout(deps.redis(), 2000, 'redis'),
  ]);

  if (dbResult.status === 'rejected') {
    const message = dbResult.reason instanceof Error ? dbResult.reason.message : String(dbResult.reason);
    if (!checks.database.ok) checks.database = { ok: false, error: message };
    else checks.migrations = { ok: false, error: message };
  }
  if (!checks.database.ok) failing.push('database');
  if (!checks.migrations.ok) failing.push('migrations');

  if (redisResult.status === 'fulfilled') checks.redis = redisResult.value;
  else checks.redis = { state: 'unreachable' };
  if (deps.listening) checks.notifications = { listening: deps.listening() };
  if (deps.realtime) checks.realtime = deps.realtime();
  if (deps.jobWorkers) checks.jobs = { workers: deps.jobWorkers() };

  const down = failing.length > 0;
  return {
    status: down ? 'down' : checks.redis.state === 'unreachable' ? 'degraded' : 'ok',
    version: pkg.version,
    time: new Date().toISOString(),
    checks,
    failing,
  };
}

export interface PublicHealthReport {
  status: HealthReport['status'];
  time: string;
  checks: {
    database: { ok: boolean };
    migrations: { ok: boolean };
    redis: { state: RedisState['state'] };
    notifications?: { listening: boolean };
  };
  failing: string[];
}

/** The report without details: states only. */
export function publicHealth(r: HealthReport): PublicHealthReport {
  return {
    status: r.status,
    time: r.time,
    checks: {
      database: { ok: r.checks.database.ok },
      migrations: { ok: r.checks.migrations.ok },
      redis: { state: r.checks.redis.state },
      ...(r.checks.notifications ? { notifications: { listening: r.checks.notifications.listening } } : {}),
    },
    failing: r.failing,
  };
}

/** Whether a caller may see the full report: signed in, or on this machine. */
export function seesHealthDetails(caller: { signedIn: boolean; ip: string }): boolean {
  return caller.signedIn || caller.ip === '127.0.0.1' || caller.ip === '::1';
}
