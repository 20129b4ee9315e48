// When a failed Pluggy call is tried again, and after how long (pure).
//
// interactive — a person is waiting: one quick retry (100–200 ms) of a 5xx
//   or network failure, and of a 429 only when Pluggy asks for at most a
//   second. A 60 s Retry-After (what Pluggy sends) fails at once with the
//   typed error, which the route turns into a 429/503 for the user.
// background — a job: up to 6 attempts, exponential backoff (steps of
//   500 ms doubling up to 30 s, each jittered to 50–100 %), honouring
//   Retry-After up to maxWaitMs (Pluggy's 60 s fits). A longer wait fails
//   with the typed error so the job queue can reschedule.
//
// 429 is retried for every method (the request was not processed); 5xx and
// network failures only for idempotent requests, since a POST that timed out
// may have created something.
import { PluggyApiError, PluggyNetworkError } from './errors';

export interface RetryPolicy {
  name: string;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles per attempt. */
  baseDelayMs: number;
  /** Largest backoff step. */
  maxDelayMs: number;
  /** Largest single wait accepted (Retry-After included); a longer one fails instead. */
  maxWaitMs: number;
  /** Deadline of each attempt. */
  timeoutMs: number;
}

export const INTERACTIVE: RetryPolicy = {
  name: 'interactive',
  maxAttempts: 2,
  baseDelayMs: 200,
  maxDelayMs: 500,
  maxWaitMs: 1_000,
  timeoutMs: 10_000,
};

export const BACKGROUND: RetryPolicy = {
  name: 'background',
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 90_000,
  timeoutMs: 30_000,
};

export const RETRY_POLICIES = { interactive: INTERACTIVE, background: BACKGROUND } as const;
export type RetryPolicyName = keyof typeof RETRY_POLICIES;

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

export function isTransient(err: unknown, idempotent: boolean): boolean {
  if (err instanceof PluggyApiError) return err.status === 429 || (idempotent && RETRYABLE_STATUS.has(err.status));
  return err instanceof PluggyNetworkError && idempotent;
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or null to give up.
 * `attempt` counts the attempts made so far (1 after the first failure).
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  err: unknown,
  { idempotent, random = Math.random }: { idempotent: boolean; random?: () => number },
): number | null {
  if (attempt >= policy.maxAttempts || !isTransient(err, idempotent)) return null;
  if (err instanceof PluggyApiError && err.retryAfter !== null) {
    if (err.retryAfter * 1000 > policy.maxWaitMs) return null;
    // A little spread so callers that were limited together do not return together.
    return err.retryAfter * 1000 + Math.floor(random() * 100);
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const wait = Math.floor(step / 2 + random() * (step / 2));
  return wait > policy.maxWaitMs ? null : wait;
}
