// Seed entry point for route helpers: getAuthContext(), withCache(), json().
// withCache is the cache-aside step of a GET route: Redis GET → HIT, or run
// the query, store it with the resource's TTL → MISS; BYPASS when no Redis is
// configured. It also sets Cache-Control as the seed specifies and an ETag,
// so a browser revalidating (the app's fetches use cache: 'no-cache') gets a
// cheap 304 when nothing changed and the fresh body right after a mutation.
// A HIT sends the stored body and ETag as they are (see lib/cache/entry.ts).
import { cachedBody, cacheControlHeader, type CacheResource } from '@/lib/cache';
import type { TenantCtx } from '@/lib/api/route';

export { getAuthContext, json } from '@/lib/api/route';

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export async function withCache<T>(
  ctx: Pick<TenantCtx<unknown, unknown, unknown>, 'auth' | 'headers' | 'request'>,
  key: { resource: CacheResource; params?: Record<string, unknown> },
  compute: () => Promise<T>,
): Promise<Response> {
  const { body, etag, status, ttl } = await cachedBody({
    tenantId: ctx.auth.tenantId,
    resource: key.resource,
    params: key.params,
    compute,
  });
  ctx.headers.set('X-Cache', status);
  ctx.headers.set('Cache-Control', cacheControlHeader(ttl));
  ctx.headers.set('ETag', etag);
  ctx.headers.set('Vary', 'Cookie, Authorization');
  if (matches(ctx.request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304 });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}
