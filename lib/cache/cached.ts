// Cache-aside for tenant data:
//   MGET the generations → GET the entry → HIT, or compute → SET with the
//   resource's TTL → MISS. BYPASS (compute only) when Redis is not configured;
//   MISS without storing when it is configured but failing — each call is
//   bounded by REDIS_TIMEOUT_MS, so a sick Redis costs at most that.
// Single flight: concurrent callers of the same entry in this process run
// `compute` once. Flights are keyed by the physical key, which contains the
// generations, so a caller arriving after an invalidation never joins a
// flight that started before it.
// Race rule: the entry is written under the key captured BEFORE computing. If
// an invalidation bumps a generation meanwhile, that key is already
// unreachable, so a slow computation cannot store stale data where the next
// reader would find it.
import { redisCall } from '@/lib/redis/call';
import { isRedisConfigured } from '@/lib/redis/client';
import { redisLogger } from '@/lib/redis/log';
import { assertJsonSafe } from './json-safe';
import {
  CACHE_RESOURCES,
  entryDiscriminator,
  entryKey,
  generationKeys,
  logicalKey,
  parseGeneration,
  type CacheResource,
} from './keys';
import { SingleFlight } from './single-flight';

export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';

export interface CachedOptions<T> {
  tenantId: string;
  resource: CacheResource;
  /** Query parameters (txns, recon: hashed; kpis: { month }); none for the other resources. */
  params?: Record<string, unknown>;
  /** Seconds; defaults to the resource's TTL in keys.ts. */
  ttl?: number;
  /** Must return a JSON-safe DTO (see json-safe.ts). */
  compute: () => Promise<T>;
}

export interface CachedResult<T> {
  data: T;
  status: CacheStatus;
  ttl: number;
}

const flights = new SingleFlight();

async function computeChecked<T>(compute: () => Promise<T>): Promise<T> {
  const data = await compute();
  assertJsonSafe(data);
  return data;
}

async function readOrCompute<T>(
  key: string,
  tenantId: string,
  ttl: number,
  compute: () => Promise<T>,
): Promise<{ data: T; status: CacheStatus }> {
  const hit = await redisCall('GET', { key, tenantId }, (r) => r.get(key));
  if (hit.ok && hit.value !== null) {
    try {
      return { data: JSON.parse(hit.value) as T, status: 'HIT' };
    } catch {
      redisLogger.log('warn', 'unreadable cache entry recomputed', { key, tenantId });
    }
  }
  const data = await computeChecked(compute);
  // Skip the write when the GET failed: Redis is unwell, and another call
  // would only add another timeout to this request.
  const text = hit.ok ? JSON.stringify(data) : undefined;
  if (text !== undefined) await redisCall('SET', { key, tenantId }, (r) => r.set(key, text, ttl));
  return { data, status: 'MISS' };
}

export async function cached<T>(options: CachedOptions<T>): Promise<CachedResult<T>> {
  const { tenantId, resource, params, compute } = options;
  const ttl = Math.max(1, Math.ceil(options.ttl ?? CACHE_RESOURCES[resource].ttl));
  const discriminator = entryDiscriminator(resource, params);

  if (!isRedisConfigured()) return { data: await computeChecked(compute), status: 'BYPASS', ttl };

  const gens = await redisCall('MGET', { tenantId }, (r) => r.mget(generationKeys(tenantId, resource)));
  if (!gens.ok) {
    redisLogger.log('debug', 'cache unavailable, computing', { key: logicalKey(tenantId, resource, discriminator), tenantId });
    return { data: await computeChecked(compute), status: 'MISS', ttl };
  }
  const [tenantGen, resourceGen] = gens.value;
  const key = entryKey(
    tenantId,
    resource,
    { tenant: parseGeneration(tenantGen), resource: parseGeneration(resourceGen) },
    discriminator,
  );
  const { data, status } = await flights.run(key, () => readOrCompute(key, tenantId, ttl, compute));
  return { data, status, ttl };
}

/** Cache-Control for a cached GET: private (tenant data), fresh for the TTL. */
export function cacheControlHeader(ttl: number): string {
  return `private, max-age=${ttl}, stale-while-revalidate=${Math.floor(ttl / 2)}`;
}
