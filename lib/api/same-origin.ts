// Cross-site request check for every state-changing request, the second line
// behind the session cookie's SameSite=Lax (which older browsers and some
// same-site setups do not enforce). Browsers say where a request comes from
// and a page cannot forge it:
//   1. Sec-Fetch-Site (every current browser): only "same-origin" and "none"
//      (typed by the user / a bookmark) pass; "same-site" and "cross-site" do
//      not.
//   2. Otherwise Origin: it must be APP_URL's origin or name the host the
//      request was sent to (Host; X-Forwarded-Host's last value behind
//      trusted proxies). "null" (sandboxed frames, opaque redirects) fails.
//   3. Neither header: not a browser (server-to-server callers such as
//      webhooks, scripts, curl), so there is no ambient credential a third
//      party could ride on, except a cookie. Such a request passes unless it
//      carries a session cookie: every browser that still sends cookies to
//      this app sends Origin on non-GET requests, so a cookie without either
//      header is refused rather than guessed about.
// The same rule holds for every access kind of the route table: public
// routes (sign-in, sign-up, webhooks) are reached without Origin by servers
// and with it by our pages; signed-in routes by our pages (cookie) or by API
// clients with a bearer token, which a third-party page cannot attach.
import { ApiError } from '@/lib/api/errors';
import { SESSION_COOKIE } from '@/lib/auth/builtin/cookie';
import { readCookie } from '@/lib/auth/identity';
import { env } from '@/lib/env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CLERK_SESSION_COOKIE = '__session';

function refused(): ApiError {
  return new ApiError('forbidden', 'Requisição recusada: ela não partiu do Concilia.', { reason: 'cross_origin' });
}

function requestHost(request: Request): string | null {
  const headers = request.headers;
  if (env().TRUSTED_PROXIES > 0) {
    const forwarded = headers.get('x-forwarded-host')?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (forwarded) return forwarded.toLowerCase();
  }
  const host = headers.get('host');
  if (host) return host.toLowerCase();
  try {
    return new URL(request.url).host.toLowerCase();
  } catch {
    return null;
  }
}

function originAllowed(origin: string, request: Request): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and garbage
  }
  if (url.origin !== origin.toLowerCase().replace(/\/$/, '')) return false;
  const appUrl = env().APP_URL;
  if (appUrl && new URL(appUrl).origin === url.origin) return true;
  const host = requestHost(request);
  return host !== null && url.host === host;
}

function carriesSessionCookie(headers: Pick<Headers, 'get'>): boolean {
  const cookie = headers.get('cookie');
  return readCookie(cookie, SESSION_COOKIE) !== null || readCookie(cookie, CLERK_SESSION_COOKIE) !== null;
}

/** Throws 403 (reason cross_origin) for a state-changing request a browser made on another site's behalf. */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const headers = request.headers;
  const site = headers.get('sec-fetch-site');
  if (site !== null) {
    if (site === 'same-origin' || site === 'none') return;
    throw refused();
  }
  const origin = headers.get('origin');
  if (origin !== null) {
    if (originAllowed(origin, request)) return;
    throw refused();
  }
  if (carriesSessionCookie(headers)) throw refused();
}
