// Audit trail reading. ADMIN and OWNER see every entry of the tenant; other
// roles see only their own actions. Keyset pagination on (created_at, id).
import { decodeCursor, encodeCursor } from '@/lib/api/cursor';
import { hasRole, type Role } from '@/lib/api/roles';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/prisma';

export interface AuditLogDto {
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  metadata: unknown;
  createdAt: string;
}

export async function listAuditLogs(
  db: Db,
  opts: { tenantId: string; userId: string; role: Role; entityType?: string; entityId?: string; cursor?: string; limit: number },
): Promise<{ items: AuditLogDto[]; nextCursor: string | null }> {
  const where: Prisma.AuditLogWhereInput = { tenantId: opts.tenantId };
  if (!hasRole(opts.role, 'ADMIN')) where.actorId = opts.userId;
  if (opts.entityType) where.entityType = opts.entityType;
  if (opts.entityId) where.entityId = opts.entityId;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    where.OR = [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }];
  }
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      actorId: r.actorId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      metadata: r.metadata,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
