// Injected failures and Pluggy's rate limits. A fault answers the next
// `count` matching calls with a 429 (Retry-After, default 1 s) or a 5xx;
// the limiter counts calls per endpoint per minute like Pluggy does (per
// source IP; everything here is one source) and answers 429 with
// Retry-After, RateLimit-Limit and RateLimit-Reset.
import { HttpError } from './http';

export interface FaultSpec {
  /** How many matching calls fail (default 1). */
  count?: number;
  /** 401 stands for a key Pluggy stopped accepting. */
  status: 401 | 429 | 500 | 502 | 503 | 504;
  /** Seconds sent in Retry-After with a 429 (default 1). */
  retryAfter?: number;
  method?: string;
  /** Exact pathname ("/auth"), or a pattern ("/items/.+"). */
  path?: string | RegExp;
}

interface Fault extends FaultSpec {
  remaining: number;
}

export const TOO_MANY = 'Too many requests. Please try again later (see Retry-After header in seconds)';

export class Faults {
  private readonly queue: Fault[] = [];

  add(spec: FaultSpec): void {
    this.queue.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.reduce((s, f) => s + f.remaining, 0);
  }

  /** The error to answer this call with, consuming one use of the first matching fault. */
  take(method: string, path: string): HttpError | null {
    const i = this.queue.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (i < 0) return null;
    const f = this.queue[i]!;
    if (--f.remaining <= 0) this.queue.splice(i, 1);
    if (f.status === 429) {
      const retryAfter = String(f.retryAfter ?? 1);
      return new HttpError(429, TOO_MANY, undefined, { 'retry-after': retryAfter, 'ratelimit-reset': retryAfter });
    }
    if (f.status === 401) return new HttpError(401, 'Unauthorized: invalid or expired api key');
    return new HttpError(f.status, f.status === 503 ? 'Service Unavailable' : 'Internal Server Error');
  }
}

/** Pluggy's documented limits, requests per minute. */
export const PLUGGY_RATE_LIMITS: Record<string, number> = {
  'POST /auth': 360,
  'GET /accounts': 360,
  'GET /transactions': 360,
  'GET /v2/transactions': 360,
  'PATCH /items': 20,
};

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: Record<string, number>,
    /** Pluggy always sends 60. */
    private readonly retryAfterSeconds: number,
    private readonly now: () => number,
  ) {}

  check(key: string): HttpError | null {
    const limit = this.limits[key];
    if (limit === undefined) return null;
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= limit) return null;
    const reset = String(Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)));
    return new HttpError(429, TOO_MANY, undefined, {
      'retry-after': String(this.retryAfterSeconds),
      'ratelimit-limit': String(limit),
      'ratelimit-reset': reset,
    });
  }

  reset(): void {
    this.windows.clear();
  }
}
