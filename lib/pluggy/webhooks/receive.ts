// POST /api/webhooks/pluggy: authenticate, store once, acknowledge.
// Nothing else happens in the request: the event is processed by the
// `pluggy.webhook.batch` job, queued right after the event is stored but
// not waited for (a lost enqueue is recovered by `pluggy.webhook.sweep`);
// a duplicate — same eventId — stores nothing new.
import { ApiError, unauthenticated } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/parse';
import { getBoss, JOBS_SCHEMA } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { publishAckMarks, startAckMarks } from './ack-trace';
import { eventItemId, WebhookPayload } from './payload';
import { pluggyWebhookBatchJob } from './process-job';
import { verifyWebhookClientId, verifyWebhookSecret, WEBHOOK_SECRET_HEADER } from './secret';
import { storeWebhookEvent } from './store-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The tenant's batch job, queued after the caller's event committed. Under a
 * burst, 32 acks enqueueing the same coalesced job at once queue up on the
 * one row they all conflict on (the enqueue was ~95% of the ack's time). So,
 * per process and tenant, at most one enqueue is in flight and one waits:
 * an ack joins the waiting one — which starts after the ack's insert
 * committed, so the job it finds or creates is one not yet started when the
 * event was already there (joining the in-flight one would not be: the job it
 * found may have read the pending events before this one committed).
 *
 * And once an enqueue has found (or created) a queued job, every ack until
 * that job's start_after needs no enqueue at all: pg-boss does not start a
 * job before its start_after, so the job is certain to read the pending
 * events after this ack's event committed. The batch job waits a second
 * (its coalescing delay), so a burst costs about one enqueue per second per
 * tenant instead of one per statement of the group commit (64 enqueues, as
 * many statements again as the events' own INSERTs, in a 1,000-event burst).
 * The remaining time is read in the database's clock and counted from before
 * the read was sent, so neither clock skew nor the round trip can make the
 * window end after the job may start.
 */
const enqueues = new Map<string, { inFlight: Promise<void>; next: Promise<void> | null }>();
/** performance.now() before which the tenant's queued batch job cannot have started. */
const queuedUntil = new Map<string, number>();
const QUEUED_UNTIL_MAX = 10_000;

async function enqueueBatch(tenantId: string): Promise<void> {
  const jobId = await enqueue(pluggyWebhookBatchJob, { tenantId });
  const askedAt = performance.now();
  const { rows } = await (await getBoss()).getDb().executeSql(
    `SELECT (extract(epoch FROM start_after - now()) * 1000)::float8 AS "msLeft" FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2::uuid AND state = 'created'`,
    [pluggyWebhookBatchJob.name, jobId],
  );
  const msLeft = Number((rows[0] as { msLeft?: unknown } | undefined)?.msLeft);
  if (msLeft > 0) {
    if (queuedUntil.size >= QUEUED_UNTIL_MAX) queuedUntil.clear();
    queuedUntil.set(tenantId, askedAt + msLeft);
  }
}

function batchAfter(tenantId: string): { done: Promise<void>; how: 'known-queued' | 'joined' | 'enqueued' } {
  const until = queuedUntil.get(tenantId);
  if (until !== undefined) {
    if (performance.now() < until) return { done: Promise.resolve(), how: 'known-queued' };
    queuedUntil.delete(tenantId);
  }
  const run = () => enqueueBatch(tenantId);
  const slot = enqueues.get(tenantId);
  if (!slot) {
    const inFlight = run().finally(() => settle(tenantId, inFlight));
    enqueues.set(tenantId, { inFlight, next: null });
    return { done: inFlight, how: 'enqueued' };
  }
  if (slot.next) return { done: slot.next, how: 'joined' };
  slot.next = slot.inFlight.catch(() => undefined).then(() => {
    const s = enqueues.get(tenantId)!;
    const inFlight = run().finally(() => settle(tenantId, inFlight));
    s.inFlight = inFlight;
    s.next = null;
    return inFlight;
  });
  return { done: slot.next, how: 'enqueued' };
}

function settle(tenantId: string, done: Promise<void>): void {
  const s = enqueues.get(tenantId);
  if (s && s.inFlight === done && !s.next) enqueues.delete(tenantId);
}

function refused(): ApiError {
  return unauthenticated('Webhook não autenticado.');
}

export async function receiveWebhook(db: Db, request: Request): Promise<{ received: true; duplicate: boolean }> {
  const marks = startAckMarks();
  const tenantId = new URL(request.url).searchParams.get('tenant');
  const presented = request.headers.get(WEBHOOK_SECRET_HEADER);
  // Same answer for an unknown tenant, no secret and a wrong one.
  if (!tenantId || !UUID.test(tenantId)) {
    await verifyWebhookSecret(db, '00000000-0000-0000-0000-000000000000', presented);
    throw refused();
  }
  if (!(await verifyWebhookSecret(db, tenantId, presented))) throw refused();
  if (marks) marks.auth = performance.now();

  const raw = await readJsonBody(request, MAX_BODY_BYTES);
  const parsed = WebhookPayload.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError('validation_failed', 'Evento de webhook inválido.', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const p = parsed.data;
  if (marks) marks.body = performance.now();
  // An event of another Pluggy application (Pluggy's own advice): refused like a forged one, nothing stored.
  if (!(await verifyWebhookClientId(db, tenantId, p.clientId))) throw refused();
  if (marks) marks.clientId = performance.now();
  // The event is stored (or found) by a statement shared with the
  // concurrent deliveries (group commit, store-event.ts), and committed
  // before we answer. A new event, or a stored one not yet processed, gets
  // the tenant's coalesced batch job (queued already, or queued now), which
  // processes every pending event. That enqueue is not waited for: it is
  // most of an acknowledgement's time under a burst, and the event is
  // durable without it — should it be lost (the process dies, the queue
  // errors), pluggy.webhook.sweep queues the job within a minute or so.
  const row = await storeWebhookEvent({ tenantId, eventId: p.eventId, event: p.event, itemId: eventItemId(p), payload: JSON.stringify(raw) }, marks);
  if (marks) marks.stored = performance.now();
  if (!row.processed) {
    const batch = batchAfter(tenantId);
    batch.done.catch((err: unknown) => log('warn', 'webhook batch enqueue failed; the sweep will queue it', { tenantId, err }));
    if (marks) marks.batch = batch.how;
  } else if (marks) marks.batch = 'none';
  publishAckMarks(marks);
  return { received: true, duplicate: !row.inserted };
}
