export { cached, cachedBody, cacheControlHeader, cacheStoresSettled, type CachedBody, type CachedOptions, type CachedResult, type CacheStatus } from './cached';
export { decodeEntry, encodeEntry, etagOf, type CacheEntry } from './entry';
export { invalidateTenant, invalidateTenantRecon, invalidateTenantResource } from './invalidate';
export {
  CACHE_RESOURCES,
  CACHE_TTL,
  GENERATION_TTL_SECONDS,
  entryDiscriminator,
  generationKeys,
  logicalKey,
  resourceGenerationKey,
  tenantGenerationKey,
  type CacheResource,
} from './keys';
