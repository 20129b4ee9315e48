// Invalidation is one INCR of a generation counter (with its EXPIRE, in the
// same MULTI and round trip; see keys.ts): constant cost however many
// entries the tenant has. A failed INCR is never thrown (a mutation that
// already committed must not fail because of the cache): it is logged and
// handed to pending-invalidations.ts, which retries it and keeps this
// instance off the entries it covers until it lands.
import { redisCall } from '@/lib/redis/call';
import { redisLogger } from '@/lib/redis/log';
import { GENERATION_TTL_SECONDS, invalidationKey, type CacheResource } from './keys';
import { rememberFailedInvalidation } from './pending-invalidations';

async function bump(tenantId: string, resource: CacheResource | null): Promise<void> {
  const key = invalidationKey(tenantId, resource);
  const out = await redisCall('INCR', { tenantId }, (r) => r.incrWithTtl(key, GENERATION_TTL_SECONDS));
  if (!out.ok && out.reason !== 'absent') {
    redisLogger.log('error', 'cache invalidation failed; retrying in the background', { tenantId, what: resource ?? 'tenant', reason: out.reason });
    rememberFailedInvalidation(tenantId, resource);
  }
}

/** Everything cached for the tenant (tenant:{id}:*). */
export function invalidateTenant(tenantId: string): Promise<void> {
  return bump(tenantId, null);
}

/** Every entry of one resource of the tenant, e.g. settings after an update. */
export function invalidateTenantResource(tenantId: string, resource: CacheResource): Promise<void> {
  return bump(tenantId, resource);
}

/** Reconciliation entries (tenant:{id}:recon:*), e.g. after a weights change. */
export function invalidateTenantRecon(tenantId: string): Promise<void> {
  return invalidateTenantResource(tenantId, 'recon');
}
