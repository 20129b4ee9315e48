// Seed entry point for route helpers: getAuthContext(), withCache(), json().
// withCache is the cache-aside step of a GET route: Redis GET → HIT, or run
// the query, store it with the resource's TTL → MISS; BYPASS when no Redis is
// configured. It also sets Cache-Control as the seed specifies and an ETag,
// so a browser revalidating (the app's fetches use cache: 'no-cache') gets a
// cheap 304 when nothing changed and the fresh body right after a mutation.
import { createHash } from 'node:crypto';
import { cached, cacheControlHeader, type CacheResource } from '@/lib/cache';
import type { TenantCtx } from '@/lib/api/route';

export { getAuthContext, json } from '@/lib/api/route';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export async function withCache<T>(
  ctx: Pick<TenantCtx<unknown, unknown, unknown>, 'auth' | 'headers' | 'request'>,
  key: { resource: CacheResource; params?: Record<string, unknown> },
  compute: () => Promise<T>,
): Promise<Response> {
  const { data, status, ttl } = await cached({
    tenantId: ctx.auth.tenantId,
    resource: key.resource,
    params: key.params,
    compute,
  });
  const body = JSON.stringify(data);
  const etag = etagOf(body);
  ctx.headers.set('X-Cache', status);
  ctx.headers.set('Cache-Control', cacheControlHeader(ttl));
  ctx.headers.set('ETag', etag);
  ctx.headers.set('Vary', 'Cookie, Authorization');
  if (matches(ctx.request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304 });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}
