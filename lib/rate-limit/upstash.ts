// @upstash/ratelimit instances, one per policy, bound to the @upstash/redis
// client of the configured backend (Upstash REST, or REDIS_URL through
// lib/redis/upstash-compat). Choices:
// - analytics off: it would add Redis writes to every request.
// - ephemeralCache off: the in-memory cache of blocked identifiers answers
//   "blocked" until the END of the fixed window without asking Redis, but in a
//   sliding window the previous window's weight decays, so Redis would already
//   allow the caller earlier (a stale denial), and it cannot see resets done by
//   other instances. It never double-counts (blocked calls don't count either
//   way); the only gain is saving Redis calls for callers already blocked.
//   Correct answers are worth one EVAL per request.
// - no Ratelimit timeout: limit.ts runs every call through redisCall, whose
//   REDIS_TIMEOUT_MS deadline turns a slow Redis into the policy's fail mode
//   (a second timer per request would only cost CPU).
// One limit() call is one EVALSHA (plus one EVAL only when Redis answers
// NOSCRIPT, which did not execute anything), and the Upstash client never
// retries, so one request is counted once.
import { Ratelimit } from '@upstash/ratelimit';
import { getRedisBackend, onRedisReset } from '@/lib/redis/client';
import { RATE_LIMIT_POLICIES, type RateLimitPolicyName } from './policies';

export const RATE_LIMIT_PREFIX = 'rl';

const limiters = new Map<RateLimitPolicyName, Ratelimit>();
onRedisReset(() => limiters.clear());

/** The Ratelimit of a policy, or null when no Redis is configured. */
export function upstashLimiter(policyName: RateLimitPolicyName): Ratelimit | null {
  const redis = getRedisBackend()?.upstash;
  if (!redis) return null;
  let limiter = limiters.get(policyName);
  if (!limiter) {
    const policy = RATE_LIMIT_POLICIES[policyName];
    limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
      prefix: `${RATE_LIMIT_PREFIX}:${policyName}`,
      analytics: false,
      ephemeralCache: false,
      enableTelemetry: false,
    });
    limiters.set(policyName, limiter);
  }
  return limiter;
}

/** Seed API: the default policy's limiter (60 requests / 60 s), or null without Redis. */
export function getRateLimiter(): Ratelimit | null {
  return upstashLimiter('default');
}
