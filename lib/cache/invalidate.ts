// Invalidation is one INCR of a generation counter (with its EXPIRE, in the
// same MULTI and round trip; see keys.ts): constant cost however many
// entries the tenant has. A failed INCR is logged as an
// error (entries may then be served stale until their TTL) and never thrown,
// so a mutation that already committed does not fail because of the cache.
import { redisCall } from '@/lib/redis/call';
import { redisLogger } from '@/lib/redis/log';
import { GENERATION_TTL_SECONDS, resourceGenerationKey, tenantGenerationKey, type CacheResource } from './keys';

async function bump(tenantId: string, key: string, what: string): Promise<void> {
  const out = await redisCall('INCR', { tenantId }, (r) => r.incrWithTtl(key, GENERATION_TTL_SECONDS));
  if (!out.ok && out.reason !== 'absent') {
    redisLogger.log('error', 'cache invalidation failed; entries may be stale until their TTL', { tenantId, what, reason: out.reason });
  }
}

/** Everything cached for the tenant (tenant:{id}:*). */
export function invalidateTenant(tenantId: string): Promise<void> {
  return bump(tenantId, tenantGenerationKey(tenantId), 'tenant');
}

/** Every entry of one resource of the tenant, e.g. settings after an update. */
export function invalidateTenantResource(tenantId: string, resource: CacheResource): Promise<void> {
  return bump(tenantId, resourceGenerationKey(tenantId, resource), resource);
}

/** Reconciliation entries (tenant:{id}:recon:*), e.g. after a weights change. */
export function invalidateTenantRecon(tenantId: string): Promise<void> {
  return invalidateTenantResource(tenantId, 'recon');
}
