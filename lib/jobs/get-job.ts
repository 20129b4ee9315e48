import { notFound } from '@/lib/api/errors';
import { getBoss } from './boss';
import { toJobDto, type JobDto } from './dto';
import { findTenantJob } from './find-job';

/** One job, with what its handler returned once it completed (e.g. bulk confirm's per-item outcomes); the list leaves it out (it can be large). */
export type JobDetailDto = JobDto & { result: unknown };

export async function getJob({ tenantId, id }: { tenantId: string; id: string }): Promise<JobDetailDto> {
  const boss = await getBoss();
  const row = await findTenantJob(boss.getDb(), tenantId, id);
  if (!row) throw notFound('Trabalho não encontrado.');
  const dto = toJobDto(row);
  const output = row.output as { result?: unknown } | null;
  return { ...dto, result: dto.state === 'completed' && output && typeof output === 'object' ? (output.result ?? null) : null };
}
