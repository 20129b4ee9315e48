// Deleting a firm is a soft delete: members lose access at once, the data and
// the audit trail stay until an explicit purge. The caller must repeat the
// firm's slug, so a stray request cannot do it.
import { badRequest, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { forgetAll } from '@/lib/auth/auth-cache';
import { invalidateTenant } from '@/lib/cache';
import type { Db } from '@/lib/prisma';

export async function deleteTenant(
  db: Db,
  { tenantId, actorId, requestId, confirmSlug }: { tenantId: string; actorId: string; requestId?: string; confirmSlug: string },
): Promise<{ id: string; deleted: true }> {
  await db.$transaction(async (tx) => {
    const t = await tx.tenant.findFirst({ where: { id: tenantId, deletedAt: null } });
    if (!t) throw notFound('Escritório não encontrado.');
    if (t.slug !== confirmSlug) {
      throw badRequest('Confirme digitando o endereço do escritório.', { field: 'confirmSlug' });
    }
    await tx.tenant.update({ where: { id: tenantId }, data: { deletedAt: new Date() } });
    await writeAudit(tx, { tenantId, actorId, action: 'tenant.deleted', entityType: 'tenant', entityId: tenantId, requestId });
  });
  forgetAll();
  await invalidateTenant(tenantId);
  return { id: tenantId, deleted: true };
}
