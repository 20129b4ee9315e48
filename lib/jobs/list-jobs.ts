// A tenant's recent jobs, newest first, with keyset pagination on
// (created_on, id). Reads pg-boss's job table through the tenant index
// (tenant-index.ts); jobs without a tenantId (the global KPI refresh) are
// nobody's and never listed.
import { badRequest } from '@/lib/api/errors';
import { getBoss, JOBS_SCHEMA } from './boss';
import { JOB_COLUMNS, toJobDto, type JobDto, type JobRow, type JobState } from './dto';

export interface ListJobsOptions {
  tenantId: string;
  limit: number;
  cursor?: string;
  state?: JobState;
  type?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// pg-boss keeps microseconds; a millisecond cursor would skip or repeat jobs created in the same ms.
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

function encodeCursor(createdKey: string, id: string): string {
  return Buffer.from(`${createdKey}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !MICROS.test(at) || !UUID.test(id)) throw badRequest('Cursor de paginação inválido.', { field: 'cursor' });
  return { at, id };
}

export async function listJobs(opts: ListJobsOptions): Promise<{ items: JobDto[]; nextCursor: string | null }> {
  const params: unknown[] = [opts.tenantId];
  const where = [`data->>'tenantId' = $1`];
  if (opts.state) where.push(`state = $${params.push(opts.state)}::${JOBS_SCHEMA}.job_state`);
  if (opts.type) where.push(`name = $${params.push(opts.type)}`);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    where.push(`(created_on, id) < ($${params.push(`${c.at}Z`)}::timestamptz, $${params.push(c.id)}::uuid)`);
  }
  const limit = params.push(opts.limit + 1);
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `SELECT ${JOB_COLUMNS}, to_char(created_on AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key
       FROM ${JOBS_SCHEMA}.job WHERE ${where.join(' AND ')}
      ORDER BY created_on DESC, id DESC LIMIT $${limit}`,
    params,
  );
  const page = (rows as (JobRow & { created_key: string })[]).slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toJobDto),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(last.created_key, last.id) : null,
  };
}
