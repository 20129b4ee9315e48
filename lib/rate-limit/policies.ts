// Every rate-limit policy in one table. Sliding window of `limit` requests per
// `windowSeconds`, counted per identifier (what the identifier is depends on
// the policy: the route wrapper passes `user:{id}` or `ip:{ip}`).
//
// onRedisFailure — what happens when Redis is configured but a call fails or
// times out:
//   open   → allow the request (logged, result.degraded = true): these limits
//            protect capacity, and an outage of the limiter must not become an
//            outage of the app (webhooks especially: a rejected one is lost).
//   closed → deny with a 503 signal (result.degraded = true): login limits
//            stop password guessing, which must not resume because Redis is
//            down.
//
// | policy  | limit | window  | identifier        | on Redis failure |
// |---------|-------|---------|-------------------|------------------|
// | default |    60 |  60 s   | user              | open             |
// | public  |   120 |  60 s   | IP                | open             |
// | sync    |     5 |  60 s   | user              | open             |
// | bulk    |    10 |  60 s   | user              | open             |
// | webhook |   600 |  60 s   | source            | open             |
// | events  |    30 |  60 s   | user (SSE connect)| open             |
// | login   |    10 | 900 s   | IP + e-mail       | closed           |
// | login-ip|    30 |  60 s   | IP                | closed           |
//
// Sign-in, sign-up and password reset use `login`: every request counts once
// against its IP (login-ip, before the body is read: each one may cost a
// password hash, ~⅓ s of CPU) and once against its IP + e-mail (login, after
// the body is read: guessing one account from one place). IPs are counted per
// address for IPv4 and per /64 for IPv6 (lib/http/client-address.ts).
export type RateLimitPolicyName = 'default' | 'public' | 'sync' | 'bulk' | 'webhook' | 'events' | 'login' | 'login-ip';

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
  onRedisFailure: 'open' | 'closed';
}

export const RATE_LIMIT_POLICIES: Record<RateLimitPolicyName, RateLimitPolicy> = {
  default: { limit: 60, windowSeconds: 60, onRedisFailure: 'open' },
  public: { limit: 120, windowSeconds: 60, onRedisFailure: 'open' },
  sync: { limit: 5, windowSeconds: 60, onRedisFailure: 'open' },
  bulk: { limit: 10, windowSeconds: 60, onRedisFailure: 'open' },
  webhook: { limit: 600, windowSeconds: 60, onRedisFailure: 'open' },
  events: { limit: 30, windowSeconds: 60, onRedisFailure: 'open' },
  login: { limit: 10, windowSeconds: 900, onRedisFailure: 'closed' },
  'login-ip': { limit: 30, windowSeconds: 60, onRedisFailure: 'closed' },
};

/** How long a fail-closed denial tells the client to wait. */
export const FAIL_CLOSED_RETRY_SECONDS = 5;
