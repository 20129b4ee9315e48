// Re-runs a failed (dead-lettered) job of the tenant: pg-boss moves it back
// to `retry` with one more attempt allowed, in the same transaction as the
// audit entry.
import { fromPrisma } from 'pg-boss';
import { ApiError, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import type { Db } from '@/lib/prisma';
import { getBoss } from './boss';
import { toJobDto, type JobDto } from './dto';
import { findTenantJob } from './find-job';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { code?: unknown }; message?: unknown } | null;
  return e?.code === '23505' || e?.meta?.code === '23505' || /\b23505\b|duplicate key/.test(String(e?.message ?? ''));
}

export async function retryJob(
  db: Db,
  { tenantId, id, actorId, requestId }: { tenantId: string; id: string; actorId: string; requestId?: string },
): Promise<JobDto> {
  const boss = await getBoss();
  try {
    await db.$transaction(async (tx) => {
      const txDb = fromPrisma(tx);
      const row = await findTenantJob(txDb, tenantId, id, true);
      if (!row) throw notFound('Trabalho não encontrado.');
      if (row.state !== 'failed') {
        throw new ApiError('conflict', 'Só é possível reexecutar um trabalho que falhou.', { state: row.state });
      }
      await boss.retry(row.name, id, { db: txDb });
      await writeAudit(tx, {
        tenantId,
        actorId,
        action: 'job.retried',
        entityType: 'job',
        entityId: id,
        metadata: { type: row.name, attempts: row.retry_count + 1 },
        requestId,
      });
    });
  } catch (err) {
    // A coalesced job type allows one waiting retry per key at a time.
    if (isUniqueViolation(err)) throw new ApiError('conflict', 'Já existe uma nova execução deste trabalho na fila.');
    throw err;
  }
  const after = await findTenantJob(boss.getDb(), tenantId, id);
  if (!after) throw notFound('Trabalho não encontrado.');
  return toJobDto(after);
}
