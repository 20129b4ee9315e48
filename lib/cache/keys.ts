// Every cache key and TTL of the app. Reads, writes and invalidations all use
// these builders, so a key cannot be spelled two ways.
//
// Logical entries and TTLs:
//   tenant:{id}:settings          300 s
//   tenant:{id}:accounts          120 s
//   tenant:{id}:txns:{hash}        60 s   hash = buildCacheHash(params)
//   tenant:{id}:customers         600 s
//   tenant:{id}:recon:{hash}       30 s   hash = buildCacheHash(params)
//   tenant:{id}:kpis:{month}      120 s   month = YYYY-MM
//
// Entries are stored under exactly these names. Generation counters make
// invalidation one INCR:
//   tenant:{id}:gen               G: tenant generation
//   tenant:{id}:gen:{resource}    V: generation of one resource
// and each entry records the generations it was computed under (entry.ts:
// "G:V:etag\nbody"). A read is one MGET of [G, V, entry]: a HIT only when
// the entry's generations equal the current ones. INCR of G
// invalidates every entry of the tenant (what SCAN+DEL of tenant:{id}:* used
// to do); INCR of V one resource (recon after a weights change, settings after
// an update). Outdated entries are never deleted: the next MISS overwrites
// them, or they expire by their TTL. Absent counters read as 0. Counters
// expire GENERATION_TTL_SECONDS after their last bump, so deleted tenants
// leave nothing behind; that is far longer than any entry TTL, so no entry
// written under an old counter value can outlive it.
import { buildCacheHash, canonicalParams } from '@/lib/redis/hash';

export const CACHE_RESOURCES = {
  settings: { ttl: 300, key: 'none' },
  accounts: { ttl: 120, key: 'none' },
  txns: { ttl: 60, key: 'hash' },
  customers: { ttl: 600, key: 'none' },
  recon: { ttl: 30, key: 'hash' },
  kpis: { ttl: 120, key: 'month' },
} as const satisfies Record<string, { ttl: number; key: 'none' | 'hash' | 'month' }>;

export type CacheResource = keyof typeof CACHE_RESOURCES;

export const GENERATION_TTL_SECONDS = 30 * 24 * 60 * 60;

export const CACHE_TTL = Object.fromEntries(
  Object.entries(CACHE_RESOURCES).map(([resource, spec]) => [resource, spec.ttl]),
) as Record<CacheResource, number>;

export interface Generations {
  tenant: number;
  resource: number;
}

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkTenant(tenantId: string): string {
  // The id is part of every key: a ':' or '*' would reach other tenants' keys.
  if (!TENANT_ID.test(tenantId)) throw new Error(`Invalid tenant id for a cache key: ${JSON.stringify(tenantId)}`);
  return tenantId;
}

function checkResource(resource: string): CacheResource {
  if (!Object.hasOwn(CACHE_RESOURCES, resource)) throw new Error(`Unknown cache resource: ${resource}`);
  return resource as CacheResource;
}

export function tenantGenerationKey(tenantId: string): string {
  return `tenant:${checkTenant(tenantId)}:gen`;
}

export function resourceGenerationKey(tenantId: string, resource: CacheResource): string {
  return `tenant:${checkTenant(tenantId)}:gen:${checkResource(resource)}`;
}

/** The keys one MGET reads before an entry: [tenant generation, resource generation]. */
/** The counter an invalidation bumps: the resource's, or the tenant's when resource is null. */
export function invalidationKey(tenantId: string, resource: CacheResource | null): string {
  return resource ? resourceGenerationKey(tenantId, resource) : tenantGenerationKey(tenantId);
}

export function generationKeys(tenantId: string, resource: CacheResource): [string, string] {
  return [tenantGenerationKey(tenantId), resourceGenerationKey(tenantId, resource)];
}

export function parseGeneration(raw: string | null | undefined): number {
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

/**
 * What identifies an entry within its resource: '' for settings, accounts and
 * customers (which take no params), the params hash for txns and recon, the
 * month for kpis (params { month: 'YYYY-MM' } only).
 */
export function entryDiscriminator(resource: CacheResource, params?: Record<string, unknown>): string {
  const kind = CACHE_RESOURCES[checkResource(resource)].key;
  if (kind === 'hash') return buildCacheHash(params);
  if (kind === 'month') {
    const { month, ...rest } = params ?? {};
    if (typeof month !== 'string' || !MONTH.test(month) || canonicalParams(rest) !== '{}') {
      throw new Error(`Cache resource "${resource}" takes params { month: 'YYYY-MM' } only`);
    }
    return month;
  }
  // A param the key ignored would make different queries share one entry.
  if (canonicalParams(params) !== '{}') throw new Error(`Cache resource "${resource}" takes no params`);
  return '';
}

/** Where an entry lives: tenant:{id}:txns:{hash}, tenant:{id}:settings, … */
export function logicalKey(tenantId: string, resource: CacheResource, discriminator: string): string {
  return `tenant:${checkTenant(tenantId)}:${resource}${discriminator ? `:${discriminator}` : ''}`;
}
