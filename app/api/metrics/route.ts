// Prometheus scrape endpoint. Without METRICS_TOKEN it does not exist (404,
// the same answer as an unknown route): metrics describe the installation.
// With it, a wrong or missing bearer token is 401; the comparison is in
// constant time over hashes so the token's length does not leak either.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import { publicRoute } from '@/lib/api/route';
import { env } from '@/lib/env';
import { renderMetrics } from '@/lib/metrics/collect';

export const dynamic = 'force-dynamic';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export const GET = publicRoute('GET /api/metrics', {}, async ({ request }) => {
  const token = env().METRICS_TOKEN;
  if (!token) throw new ApiError('not_found', 'Recurso não encontrado.');
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
  if (!timingSafeEqual(digest(given), digest(token))) {
    throw new ApiError('unauthenticated', 'Token de métricas ausente ou inválido.', undefined, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
});
