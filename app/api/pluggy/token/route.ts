import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { createConnectToken } from '@/lib/pluggy/items/connect-token';

export const dynamic = 'force-dynamic';

// itemId: one of our connections (PluggyItem id), to reopen it in update mode.
const Body = z.strictObject({ itemId: z.uuid('Identificador inválido.').optional() });

export const POST = tenantRoute('POST /api/pluggy/token', { body: Body }, async ({ db, auth, body }) =>
  createConnectToken(db, { tenantId: auth.tenantId, userId: auth.userId, itemId: body.itemId }),
);
