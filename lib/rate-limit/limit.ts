import { redisCall } from '@/lib/redis/call';
import { redisLogger } from '@/lib/redis/log';
import { memoryLimit } from './memory';
import { FAIL_CLOSED_RETRY_SECONDS, RATE_LIMIT_POLICIES, type RateLimitPolicyName } from './policies';
import { retryAfterSeconds, type RateLimitResult } from './result';
import { upstashLimiter } from './upstash';

function failureResult(policyName: RateLimitPolicyName, reason: string): RateLimitResult {
  const policy = RATE_LIMIT_POLICIES[policyName];
  const now = Date.now();
  redisLogger.throttled(`ratelimit-degraded:${policyName}`, 'warn', 'rate limiter unavailable, applying fail mode', {
    policy: policyName,
    mode: policy.onRedisFailure,
    reason,
  });
  if (policy.onRedisFailure === 'closed') {
    return {
      success: false,
      limit: policy.limit,
      remaining: 0,
      reset: now + FAIL_CLOSED_RETRY_SECONDS * 1000,
      retryAfterSeconds: FAIL_CLOSED_RETRY_SECONDS,
      degraded: true,
    };
  }
  return {
    success: true,
    limit: policy.limit,
    remaining: policy.limit,
    reset: now + policy.windowSeconds * 1000,
    retryAfterSeconds: 0,
    degraded: true,
  };
}

/**
 * Counts one request of `identifier` under a policy. Shared across instances
 * through Redis when it is configured (Upstash REST or REDIS_URL); per
 * process without Redis (see memory.ts). Never throws because of Redis.
 */
export async function limit(policyName: RateLimitPolicyName, identifier: string): Promise<RateLimitResult> {
  const limiter = upstashLimiter(policyName);
  if (!limiter) return memoryLimit(policyName, RATE_LIMIT_POLICIES[policyName], identifier);

  const out = await redisCall(`RATELIMIT ${policyName}`, {}, () => limiter.limit(identifier));
  if (!out.ok) return failureResult(policyName, out.reason);
  const r = out.value;
  if (r.reason === 'timeout') return failureResult(policyName, 'timeout');
  return {
    success: r.success,
    limit: r.limit,
    remaining: r.remaining,
    reset: r.reset,
    retryAfterSeconds: retryAfterSeconds(r.success, r.reset),
  };
}
