// The pg-boss instance: one per process, on DATABASE_URL, in its own schema
// ("pgboss", which pg-boss creates and migrates itself at start; Prisma's
// migrations and drift check only cover "public"). Kept on globalThis like
// lib/prisma.ts and lib/db/listener.ts: route handlers, instrumentation.ts
// and scripts are separate bundles and must share one pool.
//
// Connections per process: JOBS_POOL_MAX (default 4) for enqueueing, polling
// and settling, plus one LISTEN connection that wakes workers the moment a
// job is created (polling remains as the fallback, e.g. behind PgBouncer).
import { PgBoss, type ConstructorOptions } from 'pg-boss';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { ensureTenantIndex } from './tenant-index';

export const JOBS_SCHEMA = 'pgboss';

export type Boss = PgBoss;

export interface BossOptions {
  connectionString: string;
  poolMax?: number;
  /** Overrides for tests (shorter supervision intervals and the like). */
  overrides?: Partial<ConstructorOptions>;
}

// pg-boss reports every failed poll; while the database is down that is one
// per worker every interval. The same message is logged at most this often.
const ERROR_LOG_EVERY_MS = 10_000;

function throttledLogger(level: 'error' | 'warn', msg: string) {
  const last = new Map<string, number>();
  return (err: { message?: string } | Error) => {
    const text = String(err?.message ?? err).replace(/\s*\(Queue: .*\)$/, '');
    const now = Date.now();
    if ((last.get(text) ?? 0) > now - ERROR_LOG_EVERY_MS) return;
    last.set(text, now);
    if (last.size > 100) last.clear();
    log(level, msg, { err: String(err?.message ?? err) });
  };
}

/** A new, unstarted instance (the process-wide one is getBoss()). */
export function createBoss({ connectionString, poolMax, overrides }: BossOptions): PgBoss {
  const boss = new PgBoss({
    connectionString,
    schema: JOBS_SCHEMA,
    max: poolMax ?? 4,
    application_name: 'concilia-jobs',
    // Wake workers on insert instead of waiting for the next poll.
    useListenNotify: true,
    // Expiry, heartbeat loss and retention run in every instance; pg-boss
    // coordinates them with advisory locks.
    supervise: true,
    // How soon a job whose worker died (no heartbeat) or that ran past its
    // timeout is failed and retried: within about this much after.
    superviseIntervalSeconds: 30,
    monitorIntervalSeconds: 30,
    schedule: true,
    migrate: true,
    openTelemetry: { enabled: false },
    ...overrides,
  });
  boss.on('error', throttledLogger('error', 'job queue error'));
  boss.on('warning', (w: { message: string }) => throttledLogger('warn', 'job queue warning')(w));
  return boss;
}

/** Starts an instance and the index GET /api/jobs reads. */
export async function startBoss(boss: PgBoss): Promise<PgBoss> {
  await boss.start();
  await ensureTenantIndex(boss.getDb());
  return boss;
}

interface Shared {
  url: string;
  boss: PgBoss;
  starting: Promise<PgBoss> | null;
  stopped: boolean;
}

const KEY = Symbol.for('concilia.jobs.boss');
const box = globalThis as Record<symbol, Shared | undefined>;

function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: background jobs need a PostgreSQL database.');
  return url;
}

/**
 * This process's started instance (created and started on first use; a failed
 * start is retried by the next call). Enqueueing only needs this; workers are
 * started separately (startJobWorkers).
 */
export function getBoss(): Promise<PgBoss> {
  const url = databaseUrl();
  let shared = box[KEY];
  if (!shared || shared.url !== url || shared.stopped) {
    if (shared && !shared.stopped) void shared.boss.stop({ graceful: false }).catch(() => undefined);
    shared = box[KEY] = {
      url,
      boss: createBoss({ connectionString: url, poolMax: env().JOBS_POOL_MAX }),
      starting: null,
      stopped: false,
    };
  }
  const current = shared;
  current.starting ??= startBoss(current.boss).catch((err: unknown) => {
    current.starting = null;
    throw err;
  });
  return current.starting;
}

/**
 * Stops this process's instance: workers stop fetching, running jobs get
 * `timeoutMs` to finish, then the ones still running are failed (and so
 * retried by the next worker). `close: false` keeps the pool open so requests
 * still in flight can enqueue until the process exits.
 */
export async function stopBoss({ timeoutMs, close = true }: { timeoutMs?: number; close?: boolean } = {}): Promise<void> {
  const shared = box[KEY];
  if (!shared || shared.stopped) return;
  const started = shared.starting ? await shared.starting.catch(() => null) : null;
  // Left in place when the pool stays open, so late enqueues reuse it
  // instead of starting a second instance.
  if (close) shared.stopped = true;
  // Its workers stop with it (lib/jobs/worker.ts records them for health).
  (globalThis as Record<symbol, Set<string> | undefined>)[Symbol.for('concilia.jobs.workingTypes')]?.clear();
  if (started) await started.stop({ graceful: true, timeout: timeoutMs ?? env().JOBS_STOP_TIMEOUT_MS, close });
}
