import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { openEventStream, parseLastEventId } from '@/lib/sse';

export const dynamic = 'force-dynamic';

// `lastEventId` is for a client that reconnects with a new EventSource (which
// cannot set headers); the browser's own Last-Event-ID header wins, since it
// is newer than the id the URL was built with.
const Query = z.strictObject({
  lastEventId: z.string().regex(/^\d{1,15}$/, 'Use o número do último evento recebido.').optional(),
});

/** Server-Sent Events: invalidation hints of the caller's active tenant (and of the caller). */
export const GET = tenantRoute('GET /api/events', { query: Query }, async ({ request, db, auth, query }) =>
  openEventStream({
    db,
    tenantId: auth.tenantId,
    userId: auth.userId,
    lastEventId: parseLastEventId(request.headers.get('last-event-id')) ?? parseLastEventId(query.lastEventId),
    signal: request.signal,
  }),
);
