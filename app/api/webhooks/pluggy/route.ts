import { ApiError } from '@/lib/api/errors';
import { json, publicRoute } from '@/lib/api/route';
import { observeWebhookAck } from '@/lib/metrics/observe';
import { receiveWebhook } from '@/lib/pluggy/webhooks/receive';

export const dynamic = 'force-dynamic';

/**
 * Pluggy's deliveries. No session: authenticated by the tenant's secret
 * header (401 and nothing stored otherwise); the body is read only after
 * that. Stored once by eventId and acknowledged at once; a job processes it.
 */
export const POST = publicRoute('POST /api/webhooks/pluggy', {}, async ({ db, request }) => {
  try {
    const out = await receiveWebhook(db, request);
    observeWebhookAck(out.duplicate ? 'duplicate' : 'accepted');
    return json(out, { status: 200 });
  } catch (err) {
    observeWebhookAck(err instanceof ApiError && err.code === 'unauthenticated' ? 'unauthorized' : 'invalid');
    throw err;
  }
});
