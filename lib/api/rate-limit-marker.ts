// proxy.ts applies the route's rate limit before the handler runs (the seed's
// "global in middleware"); it hands the result to the route wrapper in this
// request header so the wrapper does not count the request again. proxy.ts
// deletes any incoming value first, so a client cannot forge it.
export const RATE_LIMIT_MARKER = 'x-concilia-rate-limit';

export interface RateLimitMarker {
  policy: string;
  identifier: string;
  headers: Record<string, string>;
  /** The caller proxy.ts authenticated, so the wrapper need not look it up again. */
  identity?: { userId: string; mode: 'clerk' | 'builtin'; email: string | null; name: string | null; sessionId: string | null };
}

export function encodeMarker(m: RateLimitMarker): string {
  return JSON.stringify(m);
}

export function decodeMarker(value: string | null): RateLimitMarker | null {
  if (!value) return null;
  try {
    const m = JSON.parse(value) as RateLimitMarker;
    return typeof m.policy === 'string' && typeof m.identifier === 'string' && m.headers && typeof m.headers === 'object'
      ? m
      : null;
  } catch {
    return null;
  }
}
