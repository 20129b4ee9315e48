// POST /api/webhooks/pluggy: authenticate, store once, acknowledge.
// Nothing else happens in the request: the event is processed by the
// `pluggy.webhook.batch` job (an acknowledged event always has one queued
// or running after it; a duplicate — same eventId — stores nothing new).
import { ApiError, unauthenticated } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/parse';
import { enqueue } from '@/lib/jobs/enqueue';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/prisma';
import { eventItemId, WebhookPayload } from './payload';
import { pluggyWebhookBatchJob } from './process-job';
import { verifyWebhookClientId, verifyWebhookSecret, WEBHOOK_SECRET_HEADER } from './secret';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 256 * 1024;

function refused(): ApiError {
  return unauthenticated('Webhook não autenticado.');
}

export async function receiveWebhook(db: Db, request: Request): Promise<{ received: true; duplicate: boolean }> {
  const tenantId = new URL(request.url).searchParams.get('tenant');
  const presented = request.headers.get(WEBHOOK_SECRET_HEADER);
  // Same answer for an unknown tenant, no secret and a wrong one.
  if (!tenantId || !UUID.test(tenantId)) {
    await verifyWebhookSecret(db, '00000000-0000-0000-0000-000000000000', presented);
    throw refused();
  }
  if (!(await verifyWebhookSecret(db, tenantId, presented))) throw refused();

  const raw = await readJsonBody(request, MAX_BODY_BYTES);
  const parsed = WebhookPayload.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError('validation_failed', 'Evento de webhook inválido.', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const p = parsed.data;
  // An event of another Pluggy application (Pluggy's own advice): refused like a forged one, nothing stored.
  if (!(await verifyWebhookClientId(db, tenantId, p.clientId))) throw refused();
  // One statement stores the event (or finds it). A new event, or a stored
  // one not yet processed (its enqueue may have failed: we answered 5xx and
  // Pluggy retried), gets the tenant's coalesced batch job (queued already,
  // or queued now), which processes every pending event. No interactive
  // transaction: the ack costs the insert and the enqueue.
  const rows = await db.$queryRaw<{ id: string; inserted: boolean; processed: boolean }[]>`
    INSERT INTO pluggy_webhook_events (id, tenant_id, event_id, event, item_id, payload, received_at)
    VALUES (gen_random_uuid(), ${tenantId}::uuid, ${p.eventId}, ${p.event}, ${eventItemId(p)}, ${JSON.stringify(raw as Prisma.InputJsonValue)}::jsonb, now())
    ON CONFLICT (tenant_id, event_id) DO UPDATE SET event_id = EXCLUDED.event_id
    RETURNING id, (xmax = 0) AS inserted, (processed_at IS NOT NULL) AS processed`;
  const row = rows[0]!;
  if (!row.processed) await enqueue(pluggyWebhookBatchJob, { tenantId });
  const duplicate = !row.inserted;
  return { received: true, duplicate };
}
