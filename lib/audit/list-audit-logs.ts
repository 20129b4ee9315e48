// Audit trail reading. ADMIN and OWNER see every entry of the tenant; other
// roles see only their own actions. Keyset pagination on (created_at, id).
import { decodeCursor, encodeCursor } from '@/lib/api/cursor';
import { hasRole, type Role } from '@/lib/api/roles';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/prisma';
import { saoPauloWallTimeToUtc } from '@/lib/time/sao-paulo';

/** Entries written by the system (webhooks, jobs) have no actor. */
export const SYSTEM_ACTOR = 'system';

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  /** A member's user id, or SYSTEM_ACTOR. Only ADMIN and OWNER can look at others. */
  actorId?: string;
  action?: string;
  /** São Paulo calendar days, inclusive: a person's "1 to 31 March" is their March. */
  from?: string;
  to?: string;
}

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
  opts: { tenantId: string; userId: string; role: Role; cursor?: string; limit: number } & AuditFilters,
): Promise<{ items: AuditLogDto[]; nextCursor: string | null }> {
  const where: Prisma.AuditLogWhereInput = { tenantId: opts.tenantId };
  if (opts.actorId) where.actorId = opts.actorId === SYSTEM_ACTOR ? null : opts.actorId;
  // Below ADMIN a person sees only their own actions, whatever they ask for.
  if (!hasRole(opts.role, 'ADMIN')) where.AND = [{ actorId: opts.userId }];
  if (opts.entityType) where.entityType = opts.entityType;
  if (opts.entityId) where.entityId = opts.entityId;
  if (opts.action) where.action = opts.action;
  if (opts.from || opts.to) {
    where.createdAt = {
      ...(opts.from ? { gte: saoPauloWallTimeToUtc(`${opts.from} 00:00`)! } : {}),
      ...(opts.to ? { lt: saoPauloWallTimeToUtc(`${nextDay(opts.to)} 00:00`)! } : {}),
    };
  }
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

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
