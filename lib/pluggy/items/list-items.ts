// GET /api/pluggy/items: the tenant's bank connections (disconnected ones
// left out), with Pluggy's status and error as last seen and our last sync.
import type { Db } from '@/lib/prisma';
import { toItemDto, type PluggyItemDto } from './item-dto';

export async function listItems(db: Db, tenantId: string): Promise<{ items: PluggyItemDto[] }> {
  const rows = await db.pluggyItem.findMany({
    where: { tenantId, deletedAt: null, source: 'pluggy' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { _count: { select: { accounts: { where: { deletedAt: null } } } } },
  });
  return { items: rows.map((r) => toItemDto(r, r._count.accounts)) };
}
