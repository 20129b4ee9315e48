// Retry-After (RFC 9110 §10.2.3) in either form: delta-seconds or an HTTP
// date. Pure, so the browser's fetcher and the server's API clients (Pluggy,
// Advbox) read the header the same way.

/** Milliseconds to wait, or null when the header is absent or unreadable; a date in the past is 0. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Whole seconds to wait (a date rounds up), or null. */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | null {
  const ms = retryAfterMs(header, now);
  return ms === null ? null : Math.ceil(ms / 1000);
}
