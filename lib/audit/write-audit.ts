// Every mutation writes one audit row inside the same transaction as the
// change, so a change without its audit entry (or the reverse) cannot exist.
import type { Prisma } from '@/lib/generated/prisma/client';
import { maskDocumentsDeep } from '@/lib/audit/mask';
import type { Tx } from '@/lib/prisma';

export interface AuditEntry {
  tenantId: string;
  /** Null when the system acted (webhook, job). */
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  metadata?: Record<string, unknown>;
  requestId?: string | null;
}

export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      metadata: entry.metadata ? (maskDocumentsDeep(entry.metadata) as Prisma.InputJsonValue) : undefined,
      requestId: entry.requestId ?? null,
    },
  });
}
