// Progress of a running job lives in pg-boss's `output` column, which pg-boss
// itself only writes when the job settles (the worker then writes the last
// progress into the final output, so it stays readable). Merged, not
// replaced: after a failed attempt the column still holds that error's
// message, which GET /api/jobs keeps showing as lastError while it retries.
import type { Db as IDatabase } from 'pg-boss';
import { JOBS_SCHEMA } from './boss';
import type { JobProgress } from './define';

export function checkProgress(p: JobProgress): JobProgress {
  if (!Number.isFinite(p.done) || p.done < 0) throw new Error('progress.done must be a number >= 0');
  if (p.total !== undefined && (!Number.isFinite(p.total) || p.total < 0)) throw new Error('progress.total must be a number >= 0');
  if (p.stage !== undefined && (typeof p.stage !== 'string' || p.stage.length > 60)) throw new Error('progress.stage must be a short string');
  return { done: p.done, ...(p.total === undefined ? {} : { total: p.total }), ...(p.stage === undefined ? {} : { stage: p.stage }) };
}

export async function writeProgress(db: IDatabase, name: string, id: string, p: JobProgress): Promise<void> {
  await db.executeSql(
    `UPDATE ${JOBS_SCHEMA}.job
        SET output = jsonb_set(CASE WHEN jsonb_typeof(output) = 'object' THEN output ELSE '{}'::jsonb END, '{progress}', $3::jsonb)
      WHERE name = $1 AND id = $2::uuid AND state = 'active'`,
    [name, id, JSON.stringify(p)],
  );
}
