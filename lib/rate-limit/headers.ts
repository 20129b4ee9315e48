import type { RateLimitResult } from './result';

/**
 * X-RateLimit-Limit / -Remaining, X-RateLimit-Reset as EPOCH SECONDS (when the
 * current window ends), and, only when blocked, Retry-After as the whole
 * number of seconds to wait (the delta form of RFC 9110, never a date).
 */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(result.limit),
    'X-RateLimit-Remaining': String(Math.max(0, result.remaining)),
    'X-RateLimit-Reset': String(Math.ceil(result.reset / 1000)),
  };
  if (!result.success) headers['Retry-After'] = String(Math.max(1, Math.ceil(result.retryAfterSeconds)));
  return headers;
}
