import { notFound } from '@/lib/api/errors';
import { getBoss } from './boss';
import { toJobDto, type JobDto } from './dto';
import { findTenantJob } from './find-job';

export async function getJob({ tenantId, id }: { tenantId: string; id: string }): Promise<JobDto> {
  const boss = await getBoss();
  const row = await findTenantJob(boss.getDb(), tenantId, id);
  if (!row) throw notFound('Trabalho não encontrado.');
  return toJobDto(row);
}
