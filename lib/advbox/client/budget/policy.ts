// Advbox's documented budget per token (shared specs/advbox.md §2): GET 30
// per minute, PUT 500 per day. Our limiter keeps to it with
// - a margin added to the window, because Advbox counts requests when they
//   ARRIVE and we count them when we SEND: latency jitter (and clock skew
//   between our instances) must not squeeze 31 arrivals into its minute;
// - a share reserved for interactive calls (a person waiting on a page),
//   which background crawls never use, so a 20,000-customer crawl does not
//   lock users out of Advbox for minutes.
export type AdvboxOperation = 'get' | 'put';

export interface BudgetPolicy {
  /** Requests allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /** Added to the window by our limiter. */
  marginMs: number;
  /** Of `limit`, how many only interactive calls may use. */
  interactiveReserve: number;
}

export const ADVBOX_BUDGET: Record<AdvboxOperation, BudgetPolicy> = {
  get: { limit: 30, windowMs: 60_000, marginMs: 1_000, interactiveReserve: 3 },
  put: { limit: 500, windowMs: 86_400_000, marginMs: 60_000, interactiveReserve: 25 },
};

/** Without a 429's Retry-After, how long Advbox is left alone (the spec's advice). */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
