// A Pluggy Connect token for the signed-in user: `clientUserId` is our user
// id, so the item it creates (and its webhooks) say who connected the bank.
// With `itemId` (one of the tenant's connections) the widget opens in update
// mode, to re-enter credentials after a LOGIN_ERROR.
import { notFound } from '@/lib/api/errors';
import { pluggyForTenant } from '@/lib/pluggy/client';
import { withPluggy } from '@/lib/pluggy/pluggy-errors';
import type { Db } from '@/lib/prisma';

/** Pluggy's connect tokens last 30 minutes. */
export const CONNECT_TOKEN_TTL_MS = 30 * 60_000;

export interface ConnectTokenDto {
  accessToken: string;
  expiresAt: string;
  /** 'pluggy': open react-pluggy-connect; 'sandbox': the embedded demo's local flow against sandboxApiUrl. */
  mode: 'pluggy' | 'sandbox';
  sandboxApiUrl: string | null;
  /** Update mode: the widget's `updateItem`. */
  pluggyItemId: string | null;
}

export async function createConnectToken(
  db: Db,
  { tenantId, userId, itemId }: { tenantId: string; userId: string; itemId?: string },
): Promise<ConnectTokenDto> {
  let pluggyItemId: string | null = null;
  if (itemId) {
    const row = await db.pluggyItem.findFirst({ where: { id: itemId, tenantId, deletedAt: null, source: 'pluggy' }, select: { pluggyItemId: true } });
    if (!row) throw notFound('Conexão bancária não encontrada.');
    pluggyItemId = row.pluggyItemId;
  }
  return withPluggy(async () => {
    const api = await pluggyForTenant(db, tenantId, { policy: 'interactive' });
    const accessToken = await api.createConnectToken(userId, pluggyItemId ? { itemId: pluggyItemId } : {});
    return {
      accessToken,
      expiresAt: new Date(Date.now() + CONNECT_TOKEN_TTL_MS).toISOString(),
      mode: api.source === 'sandbox' ? 'sandbox' : 'pluggy',
      sandboxApiUrl: api.source === 'sandbox' ? api.baseUrl : null,
      pluggyItemId,
    };
  });
}
