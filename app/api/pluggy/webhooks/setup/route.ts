import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { setupWebhooks } from '@/lib/pluggy/webhooks/setup';

export const dynamic = 'force-dynamic';

/** Registers (or re-registers, rotating the secret) the tenant's webhooks at Pluggy. */
export const POST = tenantRoute('POST /api/pluggy/webhooks/setup', { body: z.strictObject({}) }, async ({ db, auth, requestId }) => {
  const result = await setupWebhooks(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId });
  return json(result, { status: 201 });
});
