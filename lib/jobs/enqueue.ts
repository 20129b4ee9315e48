// enqueue(job, payload, options) → job id. The payload is validated with the
// job's schema here, so a bad payload fails the caller, not a worker later.
import { fromPrisma } from 'pg-boss';
import type { Tx } from '@/lib/prisma';
import { getBoss, JOBS_SCHEMA } from './boss';
import { parsePayload, type AnyJob, type PayloadOf } from './define';
import { idempotentJobId } from './ids';
import { ensureQueue } from './queues';

export interface EnqueueOptions {
  /** Same key (for this job type) → same job: the second enqueue returns the first job's id and adds nothing. */
  idempotencyKey?: string;
  /** Not before this instant (a Date) or this many seconds from now. */
  startAfter?: Date | number;
  /**
   * Enqueue inside this Prisma transaction: the job exists only if it
   * commits. Not for coalesced jobs (their uniqueness check would make
   * concurrent transactions wait for each other).
   */
  tx?: Tx;
}

const IDEMPOTENCY_KEY = /^[\w.:\-/]{1,200}$/;
const COALESCE_KEY = /^[\w.\-/]{1,200}$/;

/** The coalescing key of a payload ('all' when the job type has one key). */
export function coalesceKeyOf(job: AnyJob, payload: unknown): string {
  const key = job.coalesce?.key ? job.coalesce.key(payload) : 'all';
  if (!COALESCE_KEY.test(key)) throw new Error(`${job.name}: invalid coalescing key ${JSON.stringify(key)}`);
  return key;
}

export async function enqueue<J extends AnyJob>(job: J, payload: PayloadOf<J>, options: EnqueueOptions = {}): Promise<string> {
  const data = parsePayload(job, payload);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${job.name}: a job payload must be an object`);
  if (options.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(options.idempotencyKey)) {
    throw new Error(`${job.name}: invalid idempotency key`);
  }
  if (options.tx && job.coalesce) throw new Error(`${job.name}: coalesced jobs cannot be enqueued inside a transaction`);
  const boss = await getBoss();
  await ensureQueue(boss, job);

  const id = options.idempotencyKey === undefined ? undefined : idempotentJobId(job.name, options.idempotencyKey);
  const singletonKey = job.coalesce ? coalesceKeyOf(job, data) : undefined;
  const after = options.startAfter ?? (job.coalesce?.delaySeconds ? job.coalesce.delaySeconds : undefined);
  const startAfter = typeof after === 'number' ? new Date(Date.now() + after * 1000) : after;
  const db = options.tx ? fromPrisma(options.tx) : boss.getDb();

  // A coalesced send can lose to a queued job that starts running a moment
  // later; then there is room again, so it tries again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const created = await boss.send(job.name, data as object, {
      ...(id ? { id } : {}),
      ...(singletonKey ? { singletonKey } : {}),
      ...(startAfter ? { startAfter } : {}),
      ...(options.tx ? { db } : {}),
    });
    if (created) return created;
    if (id) {
      const { rows } = await db.executeSql(`SELECT id FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2::uuid`, [job.name, id]);
      if (rows[0]) return id;
    }
    if (singletonKey) {
      const { rows } = await db.executeSql(
        `SELECT id FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND state = 'created' AND policy = 'stately' AND COALESCE(singleton_key, '') = $2 LIMIT 1`,
        [job.name, singletonKey],
      );
      if (rows[0]) return String(rows[0].id);
      continue;
    }
    break;
  }
  throw new Error(`${job.name}: the job was not created`);
}
