// Advbox's request budget per token: GET 30 per minute, PUT 500 per day.
// Counted as a strict sliding log on the sandbox's clock (no more than
// `limit` accepted requests in ANY window of that length), the strictest
// reading of the documented limits: a client that passes here passes a
// fixed-window limiter too. Refused requests do not count.
export interface BudgetLimits {
  /** Accepted GETs per 60 s (Infinity: unlimited). */
  getsPerMinute: number;
  /** Accepted PUTs per 24 h. */
  putsPerDay: number;
}

export const ADVBOX_LIMITS: BudgetLimits = { getsPerMinute: 30, putsPerDay: 500 };

const WINDOW_MS = { get: 60_000, put: 86_400_000 } as const;

export type BudgetKind = keyof typeof WINDOW_MS;

export interface BudgetVerdict {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be accepted (when refused). */
  retryAfterSeconds: number;
}

export class SandboxBudget {
  private readonly logs = new Map<string, number[]>();

  constructor(public limits: BudgetLimits) {}

  take(token: string, kind: BudgetKind, now: number): BudgetVerdict {
    const limit = kind === 'get' ? this.limits.getsPerMinute : this.limits.putsPerDay;
    const windowMs = WINDOW_MS[kind];
    const key = `${kind}:${token}`;
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = []));
    while (log.length > 0 && log[0]! <= now - windowMs) log.shift();
    if (log.length >= limit) {
      const retry = Math.max(1, Math.ceil((log[log.length - limit]! + windowMs - now) / 1000));
      return { ok: false, limit, remaining: 0, retryAfterSeconds: retry };
    }
    log.push(now);
    return { ok: true, limit, remaining: Number.isFinite(limit) ? limit - log.length : 1_000_000, retryAfterSeconds: 0 };
  }

  reset(token?: string): void {
    if (token === undefined) this.logs.clear();
    else for (const kind of Object.keys(WINDOW_MS)) this.logs.delete(`${kind}:${token}`);
  }
}
