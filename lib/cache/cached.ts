// Cache-aside for tenant data, one Redis round trip per read:
//   MGET [tenant generation, resource generation, entry] → the entry is a
//   HIT when it was stored under the generations just read; else compute →
//   SET the entry (entry.ts: generations, ETag, serialised body) with the
//   resource's TTL → MISS. Once this instance holds a body for the key
//   (local-bodies.ts), a read asks only for the generations and the entry's
//   header line (GETRANGE), in one pipeline, and serves the held body when
//   the header's ETag is its own; a changed entry costs one more GET.
//   A HIT hands back the stored body and ETag as they are: no
//   parsing, re-serialising or hashing on the hot path. BYPASS
//   (compute only) when Redis is not configured; MISS without storing when
//   it is configured but failing — each call is bounded by REDIS_TIMEOUT_MS,
//   so a sick Redis costs at most that.
// Single flight: concurrent callers of the same entry and generations in this
// process run `compute` once; a caller arriving after an invalidation reads
// new generations and never joins a flight that started before it.
// Race rule: the entry carries the generations read BEFORE computing. If
// an invalidation bumps one meanwhile, the stored entry no longer matches
// and the next reader recomputes, so a slow computation cannot serve stale
// data after an invalidation.
import { observeCache } from '@/lib/metrics/observe';
import { redisCall } from '@/lib/redis/call';
import { isRedisConfigured } from '@/lib/redis/client';
import { redisLogger } from '@/lib/redis/log';
import { decodeEntry, decodeEntryHeader, encodeEntry, ENTRY_HEADER_MAX_BYTES, etagOf, type CacheEntry } from './entry';
import { assertJsonSafe } from './json-safe';
import {
  CACHE_RESOURCES,
  entryDiscriminator,
  generationKeys,
  logicalKey,
  parseGeneration,
  type CacheResource,
} from './keys';
import { localBodies, type LocalBodies } from './local-bodies';
import { hasPendingInvalidation } from './pending-invalidations';
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
  /**
   * On a MISS, hand the computed data back at once and check, serialise,
   * hash and store it 200 ms after (the next reads of the key in this process
   * wait for that store). For large entries read through `cached` only (the
   * reconciliation's full result: ~40 MB of JSON at 20,000 clients, which a
   * page cut from it need not wait for). Not for `cachedBody`.
   */
  deferStore?: boolean;
}

export interface CachedResult<T> {
  data: T;
  status: CacheStatus;
  ttl: number;
}

/** What a route sends: the serialised body (text, or its UTF-8 bytes) and its ETag. */
export interface CachedBody {
  body: string | Uint8Array<ArrayBuffer>;
  etag: string;
  status: CacheStatus;
  ttl: number;
}

interface Computed {
  data: unknown;
  body: string;
  etag: string;
}

type Gens = [number, number];
type Found = { etag: string; body: string | Uint8Array<ArrayBuffer> };
type Read = { ok: true; gens: Gens; found: Found | null } | { ok: false };

// Not Buffer.from: small Buffers are slices of a shared slab, which a held body would pin.
const utf8 = new TextEncoder();
const sameGens = (a: Gens, b: Gens) => a[0] === b[0] && a[1] === b[1];

function unreadable(key: string, tenantId: string): null {
  redisLogger.log('warn', 'unreadable cache entry recomputed', { key, tenantId });
  return null;
}

/** The stored entry when it is readable and of these generations. */
function current(raw: string | null, gens: Gens, key: string, tenantId: string): CacheEntry | null {
  const entry = raw == null ? null : (decodeEntry(raw) ?? unreadable(key, tenantId));
  return entry && sameGens(entry.gens, gens) ? entry : null;
}

/** The current generations, and the entry when it was stored under them. */
async function readEntry(tenantId: string, resource: CacheResource, key: string): Promise<Read> {
  const genKeys = generationKeys(tenantId, resource);
  const local = localBodies();
  if (!local.has(key)) {
    // Nothing held for this key: fetch the entry whole, in the same round trip.
    const read = await redisCall('MGET', { key, tenantId }, (r) => r.mget([...genKeys, key]));
    if (!read.ok) return read;
    const gens: Gens = [parseGeneration(read.value[0]), parseGeneration(read.value[1])];
    const entry = current(read.value[2] ?? null, gens, key, tenantId);
    return { ok: true, gens, found: entry && { etag: entry.etag, body: hold(local, key, entry) } };
  }
  // Both commands leave in one pipeline; they need not be atomic: generations
  // only grow, so a header matching the generations read is current as of
  // that read whichever ran first.
  const read = await redisCall('MGET+GETRANGE', { key, tenantId }, (r) =>
    Promise.all([r.mget(genKeys), r.getrange(key, 0, ENTRY_HEADER_MAX_BYTES - 1)]),
  );
  if (!read.ok) return read;
  const [genValues, prefix] = read.value;
  const gens: Gens = [parseGeneration(genValues[0]), parseGeneration(genValues[1])];
  const header = prefix ? (decodeEntryHeader(prefix) ?? unreadable(key, tenantId)) : null;
  if (!header || !sameGens(header.gens, gens)) return { ok: true, gens, found: null };
  const held = local.get(key, header.etag);
  if (held) return { ok: true, gens, found: { etag: header.etag, body: held } };
  const full = await redisCall('GET', { key, tenantId }, (r) => r.get(key));
  if (!full.ok) return full;
  // Rewritten meanwhile: served only if still of these generations.
  const entry = current(full.value, gens, key, tenantId);
  return { ok: true, gens, found: entry && { etag: entry.etag, body: hold(local, key, entry) } };
}

/** The body to send, kept in memory when the store is on. */
function hold(local: LocalBodies, key: string, entry: { etag: string; body: string }): string | Uint8Array<ArrayBuffer> {
  if (!local.enabled) return entry.body;
  const bytes = utf8.encode(entry.body);
  local.set(key, entry.etag, bytes);
  return bytes;
}

const flights = new SingleFlight();
/** How long a deferred store waits for the caller's answer to leave. */
const DEFERRED_STORE_DELAY_MS = 200;
/** Stores still in flight, by key (redisCall never rejects, so neither do these). */
const pendingStores = new Map<string, Promise<void>>();

async function computeChecked(compute: () => Promise<unknown>): Promise<Computed> {
  const data = await compute();
  assertJsonSafe(data);
  const body = JSON.stringify(data);
  return { data, body, etag: etagOf(body) };
}

type Looked = { status: CacheStatus; ttl: number } & ({ hit: true; body: string | Uint8Array<ArrayBuffer>; etag: string } | ({ hit: false } & Computed));

async function lookup(options: CachedOptions<unknown>): Promise<Looked> {
  const looked = await lookupEntry(options);
  observeCache(options.resource, looked.status);
  return looked;
}

async function lookupEntry(options: CachedOptions<unknown>): Promise<Looked> {
  const { tenantId, resource, params } = options;
  // Nothing to store on these paths: a deferred entry is not serialised at all.
  const compute = options.deferStore ? async () => ({ data: await options.compute(), body: '', etag: '' }) : () => computeChecked(options.compute);
  const ttl = Math.max(1, Math.ceil(options.ttl ?? CACHE_RESOURCES[resource].ttl));
  const key = logicalKey(tenantId, resource, entryDiscriminator(resource, params));

  if (!isRedisConfigured()) return { hit: false, status: 'BYPASS', ttl, ...(await compute()) };
  // An invalidation of this entry failed and has not landed yet: what Redis
  // holds may predate the mutation. Neither read nor store it.
  if (hasPendingInvalidation(tenantId, resource)) return { hit: false, status: 'MISS', ttl, ...(await compute()) };

  const storing = pendingStores.get(key);
  if (storing) await storing;
  const read = await readEntry(tenantId, resource, key);
  if (!read.ok) {
    redisLogger.log('debug', 'cache unavailable, computing', { key, tenantId });
    return { hit: false, status: 'MISS', ttl, ...(await compute()) };
  }
  const { gens, found } = read;
  if (found) return { hit: true, status: 'HIT', ttl, body: found.body, etag: found.etag };

  if (options.deferStore) {
    const data = await flights.run(`${key}|${gens[0]}|${gens[1]}|deferred`, async () => {
      const d = await options.compute();
      // A moment later: the caller's page is built, serialised and written
      // first (the next macrotask could still come before the response's
      // bytes leave; reads of the key here wait for the store meanwhile).
      const stored = new Promise<void>((resolve) => setTimeout(resolve, DEFERRED_STORE_DELAY_MS)).then(() => store(key, tenantId, gens, ttl, d));
      trackStore(key, stored);
      return d;
    });
    return { hit: false, status: 'MISS', ttl, data, body: '', etag: '' };
  }
  const computed = await flights.run(`${key}|${gens[0]}|${gens[1]}`, async () => {
    const c = await compute();
    // The response does not wait for the store (a Redis round trip); a later
    // read of this key in this process waits for it instead, so it sees it.
    const stored = redisCall('SET', { key, tenantId }, (r) => r.set(key, encodeEntry({ gens, etag: c.etag, body: c.body }), ttl)).then(
      () => undefined,
    );
    pendingStores.set(key, stored);
    localBodies().set(key, c.etag, utf8.encode(c.body));
    void stored.finally(() => {
      if (pendingStores.get(key) === stored) pendingStores.delete(key);
    });
    return c;
  });
  return { hit: false, status: 'MISS', ttl, ...computed };
}

/** A deferred store: checks and serialises `data`, holds the body, sets the entry; never rejects (logged). */
async function store(key: string, tenantId: string, gens: Gens, ttl: number, data: unknown): Promise<void> {
  let body: string;
  try {
    assertJsonSafe(data);
    body = JSON.stringify(data);
  } catch (err) {
    redisLogger.log('error', 'cache entry not stored: not JSON-safe', { key, tenantId, err });
    return;
  }
  const etag = etagOf(body);
  localBodies().set(key, etag, utf8.encode(body));
  await redisCall('SET', { key, tenantId }, (r) => r.set(key, encodeEntry({ gens, etag, body }), ttl));
}

function trackStore(key: string, stored: Promise<void>): void {
  pendingStores.set(key, stored);
  void stored.finally(() => {
    if (pendingStores.get(key) === stored) pendingStores.delete(key);
  });
}

/** Resolves once every store started so far has reached Redis (or failed): for tests that inspect Redis. */
export async function cacheStoresSettled(): Promise<void> {
  await Promise.all([...pendingStores.values()]);
}

/** Cache-aside returning the data (parsed back from the stored body on a HIT). */
export async function cached<T>(options: CachedOptions<T>): Promise<CachedResult<T>> {
  const r = await lookup(options);
  const text = (body: string | Uint8Array<ArrayBuffer>) => (typeof body === 'string' ? body : new TextDecoder().decode(body));
  return { data: (r.hit ? JSON.parse(text(r.body)) : r.data) as T, status: r.status, ttl: r.ttl };
}

/** Cache-aside returning the serialised body and ETag, for a route to send as is. */
export async function cachedBody<T>(options: CachedOptions<T>): Promise<CachedBody> {
  if (options.deferStore) throw new Error('cachedBody: deferStore is for cached() only');
  const r = await lookup(options);
  return { body: r.body, etag: r.etag, status: r.status, ttl: r.ttl };
}

/** Cache-Control for a cached GET: private (tenant data), fresh for the TTL. */
export function cacheControlHeader(ttl: number): string {
  return `private, max-age=${ttl}, stale-while-revalidate=${Math.floor(ttl / 2)}`;
}
