export { limit } from './limit';
export { rateLimitHeaders } from './headers';
export { loginIdentifier } from './identifiers';
export { resetMemoryLimits } from './memory';
export { getRateLimiter, RATE_LIMIT_PREFIX } from './upstash';
export {
  RATE_LIMIT_POLICIES,
  FAIL_CLOSED_RETRY_SECONDS,
  type RateLimitPolicy,
  type RateLimitPolicyName,
} from './policies';
export type { RateLimitResult } from './result';
