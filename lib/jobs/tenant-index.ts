// GET /api/jobs lists one tenant's recent jobs, whose id is in the payload
// (data->>'tenantId'). pg-boss indexes jobs by queue and state, not by
// payload, so that read would scan every job; this expression index on
// pg-boss's (partitioned) job table makes it an index range scan. pg-boss
// reports it as an extra index and leaves it alone; it is created again at
// start if a pg-boss migration ever rebuilds the table.
import type { Db as IDatabase } from 'pg-boss';

export const TENANT_INDEX = 'concilia_job_tenant_created';

// Serialises concurrent starts ("JOBT"): CREATE INDEX IF NOT EXISTS is not
// safe against itself.
const LOCK_KEY = 0x4a4f4254;

export async function ensureTenantIndex(db: IDatabase, schema = 'pgboss'): Promise<void> {
  const { rows } = await db.executeSql(`SELECT to_regclass($1) AS idx`, [`${schema}.${TENANT_INDEX}`]);
  if (rows[0]?.idx) return;
  await db.executeSql(`BEGIN;
SELECT pg_advisory_xact_lock(${LOCK_KEY});
CREATE INDEX IF NOT EXISTS ${TENANT_INDEX} ON ${schema}.job ((data->>'tenantId'), created_on DESC, id DESC)
  WHERE data->>'tenantId' IS NOT NULL;
COMMIT;`);
}
