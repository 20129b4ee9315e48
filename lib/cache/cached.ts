// Cache-aside for tenant data, one Redis round trip per read:
//   MGET [tenant generation, resource generation, entry] → the entry is a HIT
//   when it was stored under the generations just read; else compute → SET
//   the envelope {g: [tenantGen, resourceGen], d: data} with the resource's
//   TTL → MISS. BYPASS (compute only) when Redis is not configured; MISS
//   without storing when it is configured but failing — each call is bounded
//   by REDIS_TIMEOUT_MS, so a sick Redis costs at most that.
// Single flight: concurrent callers of the same entry and generations in this
// process run `compute` once; a caller arriving after an invalidation reads
// new generations and never joins a flight that started before it.
// Race rule: the envelope carries the generations read BEFORE computing. If
// an invalidation bumps one meanwhile, the stored envelope no longer matches
// and the next reader recomputes, so a slow computation cannot serve stale
// data after an invalidation.
import { redisCall } from '@/lib/redis/call';
import { isRedisConfigured } from '@/lib/redis/client';
import { redisLogger } from '@/lib/redis/log';
import { assertJsonSafe } from './json-safe';
import {
  CACHE_RESOURCES,
  entryDiscriminator,
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

interface Envelope {
  g: [number, number];
  d: unknown;
}

function readEnvelope(raw: string | null | undefined, gens: [number, number], key: string, tenantId: string): { data: unknown } | null {
  if (raw == null) return null;
  try {
    const e = JSON.parse(raw) as Envelope;
    if (Array.isArray(e.g) && e.g[0] === gens[0] && e.g[1] === gens[1] && 'd' in e) return { data: e.d };
    return null;
  } catch {
    redisLogger.log('warn', 'unreadable cache entry recomputed', { key, tenantId });
    return null;
  }
}

export async function cached<T>(options: CachedOptions<T>): Promise<CachedResult<T>> {
  const { tenantId, resource, params, compute } = options;
  const ttl = Math.max(1, Math.ceil(options.ttl ?? CACHE_RESOURCES[resource].ttl));
  const key = logicalKey(tenantId, resource, entryDiscriminator(resource, params));

  if (!isRedisConfigured()) return { data: await computeChecked(compute), status: 'BYPASS', ttl };

  const read = await redisCall('MGET', { key, tenantId }, (r) => r.mget([...generationKeys(tenantId, resource), key]));
  if (!read.ok) {
    redisLogger.log('debug', 'cache unavailable, computing', { key, tenantId });
    return { data: await computeChecked(compute), status: 'MISS', ttl };
  }
  const gens: [number, number] = [parseGeneration(read.value[0]), parseGeneration(read.value[1])];
  const hit = readEnvelope(read.value[2], gens, key, tenantId);
  if (hit) return { data: hit.data as T, status: 'HIT', ttl };

  const data = await flights.run(`${key}|${gens[0]}|${gens[1]}`, async () => {
    const computed = await computeChecked(compute);
    const text = JSON.stringify({ g: gens, d: computed } satisfies Envelope);
    await redisCall('SET', { key, tenantId }, (r) => r.set(key, text, ttl));
    return computed;
  });
  return { data, status: 'MISS', ttl };
}

/** Cache-Control for a cached GET: private (tenant data), fresh for the TTL. */
export function cacheControlHeader(ttl: number): string {
  return `private, max-age=${ttl}, stale-while-revalidate=${Math.floor(ttl / 2)}`;
}
