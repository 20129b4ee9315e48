export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends (the earliest a blocked caller can succeed). */
  reset: number;
  /** Whole seconds (>= 1) to wait when blocked; 0 when allowed. */
  retryAfterSeconds: number;
  /** Redis was configured but failed; the policy's fail mode decided. */
  degraded?: boolean;
}

export function retryAfterSeconds(success: boolean, reset: number, now = Date.now()): number {
  return success ? 0 : Math.max(1, Math.ceil((reset - now) / 1000));
}
