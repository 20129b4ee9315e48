// Next.js 16 proxy (the seed's middleware.ts).
// - With Clerk configured, clerkMiddleware (networkless with CLERK_JWT_KEY)
//   gives pages and server components the Clerk session.
// - Global rate limiting: for every authenticated /api request it resolves
//   the caller, applies the route's policy from the route table (60/min per
//   user by default) and answers 429 itself when over the limit. The result
//   travels to the route wrapper in a signed request header
//   (lib/api/rate-limit-marker.ts) so the request is counted once; whatever
//   a client sent under that name is removed. Public routes (health,
//   sign-in, webhooks) are limited by the wrapper per IP with their own
//   policies, and so are long-lived streams (`limitInWrapper`, GET
//   /api/events) per user: a marker would be held for the connection's life.
// - Security headers on every response (lib/http/security-headers.ts), and a
//   nonce-based Content-Security-Policy on pages.
// The matcher sends every /api path here, whatever it ends with: the marker
// must be stripped from all of them (the wrapper would ignore a forged one
// anyway, since it cannot verify).
import { clerkMiddleware } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { ApiError, errorResponse } from '@/lib/api/errors';
import { markerBinding, RATE_LIMIT_MARKER, signMarker } from '@/lib/api/rate-limit-marker';
import { matchRoute } from '@/lib/api/route-match';
import { routeSpec } from '@/lib/api/route-table';
import { resolveIdentity } from '@/lib/auth/identity';
import { clientUsesHttps } from '@/lib/http/client-address';
import { applySecurityHeaders, clerkFrontendHost, contentSecurityPolicy, newNonce } from '@/lib/http/security-headers';
import { log } from '@/lib/log';
import { enforceRateLimit } from '@/lib/rate-limit-middleware';

const clerkEnabled = Boolean(process.env.CLERK_SECRET_KEY && process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
const clerkHost = clerkEnabled ? clerkFrontendHost(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) : null;
// The embedded demo's browser talks to the local Pluggy sandbox directly (the connect flow).
const sandboxOrigin = (() => {
  try {
    return process.env.PLUGGY_SANDBOX_URL ? new URL(process.env.PLUGGY_SANDBOX_URL).origin : null;
  } catch {
    return null;
  }
})();

/** A page request goes on with its nonce and policy on the request (Next.js stamps its scripts with the nonce) and the policy on the response. */
function pageResponse(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV !== 'production',
    https: clientUsesHttps(request.headers),
    clerkHost,
    connectExtra: sandboxOrigin ? [sandboxOrigin] : [],
  });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  return res;
}

// Clerk wraps the page response so its own request decorations merge with
// ours; /api requests get Clerk's plain pass-through and are handled below.
const withClerk = clerkEnabled
  ? clerkMiddleware((_auth, request) => (request.nextUrl.pathname.startsWith('/api/') ? undefined : pageResponse(request)), {
      jwtKey: process.env.CLERK_JWT_KEY,
    })
  : null;

function securityHeaders(request: NextRequest, res: Response): Response {
  applySecurityHeaders(res.headers, { https: clientUsesHttps(request.headers) });
  return res;
}

async function rateLimitApi(request: NextRequest): Promise<Response> {
  // Rewriting the request's headers costs Next.js a copy of every one of
  // them, so it is done only when there is a marker to add or to strip.
  const forged = request.headers.has(RATE_LIMIT_MARKER);
  const pass = (marker?: string) => {
    if (!marker && !forged) return NextResponse.next();
    const headers = new Headers(request.headers);
    headers.delete(RATE_LIMIT_MARKER);
    if (marker) headers.set(RATE_LIMIT_MARKER, marker);
    return NextResponse.next({ request: { headers } });
  };
  const key = matchRoute(request.method, request.nextUrl.pathname);
  const spec = key ? routeSpec(key) : null;
  if (!spec || spec.access === 'public' || spec.limitInWrapper) return pass();
  try {
    const identity = await resolveIdentity(request);
    // Unauthenticated: the wrapper answers 401 without spending any budget.
    if (!identity) return pass();
    const identifier = `user:${identity.userId}`;
    const limitHeaders = await enforceRateLimit(spec.rateLimit, identifier);
    return pass(signMarker({ policy: spec.rateLimit, identifier, headers: limitHeaders, identity }, markerBinding(request)));
  } catch (err) {
    if (err instanceof ApiError) return errorResponse(err);
    // Proxy trouble (e.g. database down) must not block the request: the
    // wrapper authenticates and limits it again on its own.
    log('warn', 'proxy rate limiting skipped', { err });
    return pass();
  }
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const clerkResponse = withClerk ? await withClerk(request, event) : null;
  if (clerkResponse && clerkResponse.headers.get('location')) return securityHeaders(request, clerkResponse);
  if (request.nextUrl.pathname.startsWith('/api/')) return securityHeaders(request, await rateLimitApi(request));
  return securityHeaders(request, clerkResponse ?? pageResponse(request));
}

export const config = {
  matcher: ['/api/:path*', '/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|jpeg|svg|webp|ico|css|js)$).*)'],
};
