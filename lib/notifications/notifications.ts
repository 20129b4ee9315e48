// Reading notifications. A notification is visible to a user when it belongs
// to their tenant and targets them or the whole tenant; read state of
// tenant-wide ones is kept per user in notification_reads.
import { notFound } from '@/lib/api/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { writeAudit } from '@/lib/audit/write-audit';
import type { Db } from '@/lib/prisma';

export interface NotificationDto {
  id: string;
  type: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  scope: 'user' | 'tenant';
  createdAt: string;
}

function visibleTo(tenantId: string, userId: string): Prisma.NotificationWhereInput {
  return { tenantId, OR: [{ userId }, { userId: null }] };
}

function unread(userId: string): Prisma.NotificationWhereInput {
  return {
    OR: [
      { userId, readAt: null },
      { userId: null, reads: { none: { userId } } },
    ],
  };
}

export async function listNotifications(
  db: Db,
  { tenantId, userId, limit, unreadOnly }: { tenantId: string; userId: string; limit: number; unreadOnly: boolean },
): Promise<{ items: NotificationDto[]; unreadCount: number }> {
  const base = visibleTo(tenantId, userId);
  const [rows, unreadCount] = await Promise.all([
    db.notification.findMany({
      where: unreadOnly ? { AND: [base, unread(userId)] } : base,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { reads: { where: { userId }, select: { readAt: true } } },
    }),
    db.notification.count({ where: { AND: [base, unread(userId)] } }),
  ]);
  return {
    unreadCount,
    items: rows.map((r) => ({
      id: r.id,
      type: r.type,
      title: r.title,
      body: r.body,
      link: r.link,
      read: r.userId ? r.readAt !== null : r.reads.length > 0,
      scope: r.userId ? 'user' : 'tenant',
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export async function markNotificationRead(
  db: Db,
  { tenantId, userId, id, read }: { tenantId: string; userId: string; id: string; read: boolean },
): Promise<{ id: string; read: boolean }> {
  await db.$transaction(async (tx) => {
    const n = await tx.notification.findFirst({ where: { id, ...visibleTo(tenantId, userId) } });
    if (!n) throw notFound('Notificação não encontrada.');
    if (n.userId) {
      await tx.notification.update({ where: { id }, data: { readAt: read ? (n.readAt ?? new Date()) : null } });
    } else if (read) {
      await tx.notificationRead.upsert({
        where: { notificationId_userId: { notificationId: id, userId } },
        update: {},
        create: { notificationId: id, userId },
      });
    } else {
      await tx.notificationRead.deleteMany({ where: { notificationId: id, userId } });
    }
    await writeAudit(tx, {
      tenantId,
      actorId: userId,
      action: read ? 'notification.read' : 'notification.unread',
      entityType: 'notification',
      entityId: id,
    });
  });
  return { id, read };
}

export async function markAllNotificationsRead(
  db: Db,
  { tenantId, userId }: { tenantId: string; userId: string },
): Promise<{ updated: number }> {
  return db.$transaction(async (tx) => {
    const own = await tx.notification.updateMany({ where: { tenantId, userId, readAt: null }, data: { readAt: new Date() } });
    const pending = await tx.notification.findMany({
      where: { tenantId, userId: null, reads: { none: { userId } } },
      select: { id: true },
    });
    if (pending.length) {
      await tx.notificationRead.createMany({
        data: pending.map((p) => ({ notificationId: p.id, userId })),
        skipDuplicates: true,
      });
    }
    const updated = own.count + pending.length;
    if (updated > 0) {
      await writeAudit(tx, { tenantId, actorId: userId, action: 'notification.read_all', entityType: 'notification', metadata: { updated } });
    }
    return { updated };
  });
}
