// The route wrapper's rate-limit step: count the request, hand back the
// X-RateLimit-* headers for the response, or throw the API error to answer
// with (429 when over the limit, 503 when a fail-closed policy cannot reach
// Redis), its headers including Retry-After.
import { ApiError } from '@/lib/api/errors';
import { observeRateLimitDenied } from '@/lib/metrics/observe';
import { limit, rateLimitHeaders, type RateLimitPolicyName } from '@/lib/rate-limit';

export async function enforceRateLimit(policy: RateLimitPolicyName, identifier: string): Promise<Record<string, string>> {
  const result = await limit(policy, identifier);
  const headers = rateLimitHeaders(result);
  if (result.success) return headers;
  const wait = result.retryAfterSeconds;
  observeRateLimitDenied(policy, result.degraded ? 'degraded' : 'limit');
  if (result.degraded) {
    throw new ApiError(
      'service_unavailable',
      `Não foi possível verificar o limite de requisições agora. Tente novamente em ${wait} s.`,
      undefined,
      headers,
    );
  }
  throw new ApiError('rate_limited', `Muitas requisições. Tente novamente em ${wait} s.`, undefined, headers);
}
