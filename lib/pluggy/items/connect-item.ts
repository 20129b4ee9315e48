// POST /api/pluggy/items: what follows the Connect widget's onSuccess. The
// item is bound (bind-item.ts), then the tenant's sync is started so the
// transactions arrive without a second click (one already queued or
// running is joined). The binding stands even when the queue cannot take
// the sync: `syncJobId` is then null and Contas offers "Sincronizar agora".
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { startSync } from '@/lib/pluggy/sync/start-sync';
import { bindItem, type BindContext } from './bind-item';
import type { PluggyItemDto } from './item-dto';

const SYNC_START_WAIT_MS = 5_000;

export interface ConnectedItemDto extends PluggyItemDto {
  syncJobId: string | null;
}

export async function connectItem(db: Db, ctx: BindContext, pluggyItemId: string): Promise<{ item: ConnectedItemDto; created: boolean }> {
  const { item, created } = await bindItem(db, ctx, pluggyItemId);
  const started = startSync({ tenantId: ctx.tenantId, actorId: ctx.actorId }).then(
    (s) => s.jobId,
    (err: unknown) => {
      log('warn', 'pluggy.connect.sync_not_started', { tenantId: ctx.tenantId, requestId: ctx.requestId, error: err instanceof Error ? err.message : String(err) });
      return null;
    },
  );
  // The person waits on this answer: a queue slow to start (the first job of a
  // web process that runs no workers starts pg-boss) must not hold it. The
  // enqueue goes on; the sync panel finds the job on its next read.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const syncJobId = await Promise.race([started, new Promise<null>((r) => (timer = setTimeout(() => r(null), SYNC_START_WAIT_MS)))]);
  clearTimeout(timer);
  return { item: { ...item, syncJobId }, created };
}
