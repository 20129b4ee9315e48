// POST /api/pluggy/sync and GET /api/pluggy/sync/[jobId]. One sync per
// tenant at a time: a request while one is queued or running gets that
// job's id (the job is coalesced per tenant too, so two requests racing
// past the lookup still end on one queued job).
import { notFound } from '@/lib/api/errors';
import { enqueue, getBoss, JOBS_SCHEMA, type JobDto } from '@/lib/jobs';
import { JOB_COLUMNS, toJobDto, type JobRow } from '@/lib/jobs/dto';
import { findTenantJob } from '@/lib/jobs/find-job';
import { getPrisma } from '@/lib/prisma';
import { ensureQueue } from '@/lib/jobs/queues';
import type { SyncResult } from './run-sync';
import { pluggySyncJob } from './sync-job';

export async function findPendingSync(tenantId: string): Promise<string | null> {
  const boss = await getBoss();
  await ensureQueue(boss, pluggySyncJob);
  const { rows } = await boss.getDb().executeSql(
    `SELECT id FROM ${JOBS_SCHEMA}.job
      WHERE name = $1 AND data->>'tenantId' = $2 AND state IN ('created', 'retry', 'active')
      ORDER BY (state = 'active') DESC, created_on ASC LIMIT 1`,
    [pluggySyncJob.name, tenantId],
  );
  return (rows[0] as { id: string } | undefined)?.id ?? null;
}

export async function startSync(input: { tenantId: string; actorId: string | null; full?: boolean }): Promise<{ jobId: string; alreadyRunning: boolean }> {
  // Requests of one tenant take turns (a transaction-scoped advisory lock):
  // without it, two racing requests could both miss the lookup and the
  // first job could start before the second enqueue, which the coalescing
  // would then accept as "one running, one queued".
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`pluggy-sync:${input.tenantId}`}, 0))`;
      const pending = await findPendingSync(input.tenantId);
      if (pending) return { jobId: pending, alreadyRunning: true };
      const jobId = await enqueue(pluggySyncJob, { tenantId: input.tenantId, full: !!input.full, actorId: input.actorId });
      return { jobId, alreadyRunning: false };
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

/** The job's state and progress, and once it completed its counts (another tenant's job is a 404). */
export async function getSyncStatus(tenantId: string, jobId: string): Promise<JobDto & { result: SyncResult | null }> {
  const boss = await getBoss();
  const row = await findTenantJob(boss.getDb(), tenantId, jobId);
  if (!row || row.name !== pluggySyncJob.name) throw notFound('Sincronização não encontrada.');
  const job = toJobDto(row);
  const output = row.output as { result?: SyncResult } | null;
  return { ...job, result: job.state === 'completed' ? (output?.result ?? null) : null };
}

export interface CurrentSyncDto {
  /** A sync is queued or running. */
  running: boolean;
  /** The queued / running sync, else the last one (null: the tenant never synced through a job). */
  job: Pick<JobDto, 'id' | 'state' | 'progress' | 'createdAt' | 'startedAt' | 'completedAt' | 'lastError'> | null;
  /** The newest successful sync of any bank connection (manual accounts are never synced). */
  lastSyncedAt: string | null;
  /**
   * When Advbox's open receivables were last read (the snapshot the matches are
   * computed from; `complete: false` when that crawl was partial). Null: never read;
   * `fetchedAt` null: expired (after an undo) and waiting for the next read.
   */
  advbox: { fetchedAt: string | null; complete: boolean } | null;
}

/**
 * GET /api/pluggy/sync: what the Painel and Contas show before the first
 * `sync` event arrives (the page may open in the middle of a sync).
 */
export async function currentSync(tenantId: string): Promise<CurrentSyncDto> {
  // Read through the app's pool, not pg-boss: a page render must not start a
  // job queue instance in the web process (it may run without workers).
  const db = getPrisma();
  const [rows, last, advbox] = await Promise.all([
    db
      .$queryRawUnsafe<JobRow[]>(
        `SELECT ${JOB_COLUMNS} FROM ${JOBS_SCHEMA}.job
          WHERE name = $1 AND data->>'tenantId' = $2
          ORDER BY (state IN ('created', 'retry', 'active')) DESC, (state = 'active') DESC, created_on DESC LIMIT 1`,
        pluggySyncJob.name,
        tenantId,
      )
      // No job schema yet (pg-boss creates it when the first process starts): nothing ever ran.
      .catch((err: unknown) => {
        if (/relation .* does not exist|42P01/.test(String((err as { message?: string })?.message ?? err))) return [] as JobRow[];
        throw err;
      }),
    db.pluggyItem.aggregate({ where: { tenantId, deletedAt: null, source: 'pluggy' }, _max: { lastSyncedAt: true } }),
    db.advboxReceivableSnapshot.findUnique({ where: { tenantId }, select: { fetchedAt: true, complete: true } }),
  ]);
  const row = rows[0];
  const job = row ? toJobDto(row) : null;
  return {
    running: !!job && (job.state === 'created' || job.state === 'retry' || job.state === 'active'),
    job: job && { id: job.id, state: job.state, progress: job.progress, createdAt: job.createdAt, startedAt: job.startedAt, completedAt: job.completedAt, lastError: job.lastError },
    lastSyncedAt: last._max.lastSyncedAt?.toISOString() ?? null,
    // An epoch fetchedAt is an expired snapshot (expireReceivableSnapshot): the next worker run reads Advbox again.
    advbox: advbox && { fetchedAt: advbox.fetchedAt.getTime() > 0 ? advbox.fetchedAt.toISOString() : null, complete: advbox.complete },
  };
}
