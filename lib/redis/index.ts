// Public entry of the Redis layer: `import { … } from '@/lib/redis'`.
// Without UPSTASH_REDIS_REST_URL/_TOKEN (or REDIS_URL) every function is a
// no-op returning null/absent; with Redis configured but failing, reads are
// misses and writes are dropped — nothing here throws because of Redis.
export { getCached, setCached, invalidateCache, invalidatePattern } from './cache-ops';
export { buildCacheHash, canonicalParams } from './hash';
export { redisHealth, type RedisHealth } from './health';
export { getRedisBackend, isRedisConfigured, resetRedisForTests } from './client';
export { redisCall, type RedisOutcome } from './call';
export { redisLogger } from './log';
export type { RedisBackend, RedisBackendKind } from './backend';
export { getRateLimiter } from '@/lib/rate-limit/upstash';
