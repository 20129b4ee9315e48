// Invalidations that could not reach Redis. A mutation commits in PostgreSQL
// whatever Redis does; if its INCR fails (Redis down or hanging), entries
// computed before the mutation would become HITs again the moment Redis
// recovers, until their TTL. So a failed bump is remembered here and:
// - retried in the background with backoff until it lands;
// - meanwhile, reads of what it covers on this instance skip the cache
//   (compute, do not store), so this instance never serves them stale.
// Other instances may serve such an entry between Redis's recovery and the
// retry (at most one retry interval, ≤ RETRY_MAX_MS). A bump older than the
// longest entry TTL is dropped: every entry it would have outdated has expired.
// Per process, in memory: a crash before the retry lands leaves entries stale
// until their TTL, as before.
import { redisCall } from '@/lib/redis/call';
import { redisLogger } from '@/lib/redis/log';
import { CACHE_RESOURCES, GENERATION_TTL_SECONDS, invalidationKey, type CacheResource } from './keys';

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 2000;
const LONGEST_TTL_MS = Math.max(...Object.values(CACHE_RESOURCES).map((r) => r.ttl)) * 1000;

interface Pending {
  tenantId: string;
  /** The resource, or null for the tenant generation (everything). */
  resource: CacheResource | null;
  since: number;
}

const pending = new Map<string, Pending>();
let timer: NodeJS.Timeout | null = null;
let delayMs = RETRY_MIN_MS;

/** Whether a failed invalidation still covers this tenant's resource on this instance. */
export function hasPendingInvalidation(tenantId: string, resource: CacheResource): boolean {
  if (pending.size === 0) return false;
  return pending.has(invalidationKey(tenantId, null)) || pending.has(invalidationKey(tenantId, resource));
}

export function pendingInvalidationCount(): number {
  return pending.size;
}

export function rememberFailedInvalidation(tenantId: string, resource: CacheResource | null): void {
  const key = invalidationKey(tenantId, resource);
  if (!pending.has(key)) pending.set(key, { tenantId, resource, since: Date.now() });
  schedule();
}

function schedule(): void {
  if (timer || pending.size === 0) return;
  timer = setTimeout(() => {
    timer = null;
    void retryPendingInvalidations();
  }, delayMs);
  timer.unref();
}

/** One retry pass over every pending bump (also called by tests). */
export async function retryPendingInvalidations(): Promise<void> {
  const now = Date.now();
  for (const [key, p] of [...pending]) {
    if (now - p.since > LONGEST_TTL_MS) {
      pending.delete(key);
      redisLogger.log('warn', 'gave up a failed cache invalidation: every entry it covered has expired', {
        tenantId: p.tenantId,
        what: p.resource ?? 'tenant',
      });
      continue;
    }
    const out = await redisCall('INCR', { tenantId: p.tenantId }, (r) => r.incrWithTtl(key, GENERATION_TTL_SECONDS));
    if (out.ok || out.reason === 'absent') {
      pending.delete(key);
      redisLogger.log('info', 'failed cache invalidation applied on retry', {
        tenantId: p.tenantId,
        what: p.resource ?? 'tenant',
        afterMs: Date.now() - p.since,
      });
    }
  }
  delayMs = pending.size ? Math.min(delayMs * 2, RETRY_MAX_MS) : RETRY_MIN_MS;
  schedule();
}
