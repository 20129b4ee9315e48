// Helpers for job tests. Test files share one database and may run workers at
// once, so every test job type gets a unique name: no other process has a
// worker for it.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { getBoss, JOBS_SCHEMA } from '@/lib/jobs/boss';
import { defineJob, type JobSpec } from '@/lib/jobs/define';
import { toJobDto, JOB_COLUMNS, type JobDto, type JobRow } from '@/lib/jobs/dto';

export function testJob<S extends z.ZodType>(label: string, spec: Omit<JobSpec<S>, 'name'>) {
  return defineJob({ ...spec, name: `test.${label}.${randomBytes(4).toString('hex')}` });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function jobRows(name: string): Promise<JobRow[]> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(`SELECT ${JOB_COLUMNS} FROM ${JOBS_SCHEMA}.job WHERE name = $1 ORDER BY created_on`, [name]);
  return rows as JobRow[];
}

export async function jobById(name: string, id: string): Promise<JobDto | null> {
  const rows = await jobRows(name);
  const row = rows.find((r) => r.id === id);
  return row ? toJobDto(row) : null;
}

export async function waitForState(name: string, id: string, states: JobDto['state'][], timeoutMs = 15_000): Promise<JobDto> {
  return waitFor(`job ${id} to reach ${states.join('/')}`, async () => {
    const job = await jobById(name, id);
    return job && states.includes(job.state) ? job : null;
  }, timeoutMs);
}

/** A promise and the function that resolves it. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
