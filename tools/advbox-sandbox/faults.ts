// Faults a test injects: the next N matching requests answer with a status
// (429 with its headers, 5xx), hang until the client gives up, or have
// their connection reset. Matched in the order injected.
export type FaultKind = 429 | 500 | 502 | 503 | 'timeout' | 'reset';

export interface FaultSpec {
  fault: FaultKind;
  /** How many matching requests it answers (default 1). */
  times?: number;
  method?: string;
  /** A path under /api/v1 ('/customers') matched as a prefix, or a RegExp on it. */
  path?: string | RegExp;
  /** For 429: the Retry-After header in seconds (omitted when null; default: none). */
  retryAfterSeconds?: number | null;
  /** Let this many matching requests through before the fault starts (default 0). */
  after?: number;
}

interface Armed extends FaultSpec {
  left: number;
  skip: number;
}

export class FaultQueue {
  private armed: Armed[] = [];

  add(spec: FaultSpec): void {
    this.armed.push({ ...spec, left: spec.times ?? 1, skip: spec.after ?? 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): FaultSpec | null {
    const i = this.armed.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path))),
    );
    if (i < 0) return null;
    const f = this.armed[i]!;
    if (f.skip > 0) {
      f.skip--;
      return null;
    }
    if (--f.left <= 0) this.armed.splice(i, 1);
    return f;
  }

  get pending(): number {
    return this.armed.reduce((s, f) => s + f.left, 0);
  }
}
