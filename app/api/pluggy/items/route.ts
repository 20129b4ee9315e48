import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { connectItem } from '@/lib/pluggy/items/connect-item';
import { listItems } from '@/lib/pluggy/items/list-items';

export const dynamic = 'force-dynamic';

// itemId: Pluggy's item id, as the Connect widget's onSuccess gives it.
const Body = z.strictObject({ itemId: z.uuid('Identificador do item do Pluggy inválido.') });

export const GET = tenantRoute('GET /api/pluggy/items', {}, async ({ db, auth }) => listItems(db, auth.tenantId));

/** Binds the item the widget created and starts its first sync (`syncJobId`). */
export const POST = tenantRoute('POST /api/pluggy/items', { body: Body }, async ({ db, auth, body, requestId }) => {
  const { item, created } = await connectItem(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId }, body.itemId);
  return json(item, { status: created ? 201 : 200 });
});
