import { tenantRoute } from '@/lib/api/route';
import { listWebhooks } from '@/lib/pluggy/webhooks/setup';

export const dynamic = 'force-dynamic';

/** The tenant's webhooks registered at Pluggy (secrets never leave the server). */
export const GET = tenantRoute('GET /api/pluggy/webhooks', {}, async ({ db, auth }) => listWebhooks(db, auth.tenantId));
