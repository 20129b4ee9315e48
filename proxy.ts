// Next.js 16 proxy (the seed's middleware.ts). With Clerk configured it runs
// clerkMiddleware (networkless verification with CLERK_JWT_KEY) so pages and
// server components see the Clerk session. API authentication, tenant
// resolution and rate limiting happen once, in the route wrapper
// (lib/api/route.ts), after the caller is known: that is where the user id
// the limit is keyed by exists, and it guarantees one count per request.
import { clerkMiddleware } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';

const clerkEnabled = Boolean(process.env.CLERK_SECRET_KEY && process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);

const withClerk = clerkEnabled ? clerkMiddleware({ jwtKey: process.env.CLERK_JWT_KEY }) : null;

function securityHeaders(res: Response): Response {
  res.headers.set('X-Content-Type-Options', 'nosniff');
  res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.headers.set('X-Frame-Options', 'DENY');
  return res;
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (withClerk) {
    const res = (await withClerk(request, event)) ?? NextResponse.next();
    return securityHeaders(res);
  }
  return securityHeaders(NextResponse.next());
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|jpeg|svg|webp|ico|css|js)$).*)'],
};
