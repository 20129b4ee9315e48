// One job of a tenant by id. pg-boss's primary key is (queue, id), so the
// lookup names the queues (a handful) to stay on that index; the tenant
// condition makes another tenant's job indistinguishable from a missing one.
import type { Db as IDatabase } from 'pg-boss';
import { JOBS_SCHEMA } from './boss';
import { JOB_COLUMNS, type JobRow } from './dto';

export async function findTenantJob(db: IDatabase, tenantId: string, id: string, lock = false): Promise<JobRow | null> {
  const { rows } = await db.executeSql(
    `SELECT ${JOB_COLUMNS} FROM ${JOBS_SCHEMA}.job
      WHERE name IN (SELECT name FROM ${JOBS_SCHEMA}.queue) AND id = $1::uuid AND data->>'tenantId' = $2
      ${lock ? 'FOR UPDATE' : ''}`,
    [id, tenantId],
  );
  return (rows[0] as JobRow | undefined) ?? null;
}
