// Clerk session verification through the real SDK. With CLERK_JWT_KEY set
// the session token is verified locally (RS256 against that public key) and
// no request leaves the machine; @clerk/nextjs does not read that variable by
// itself, so it is passed explicitly.
import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { env } from '@/lib/env';

let client: ClerkClient | undefined;
let clientKey = '';

function clerk(): ClerkClient {
  const { CLERK_SECRET_KEY, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_JWT_KEY } = env();
  const key = `${CLERK_SECRET_KEY}|${NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}|${CLERK_JWT_KEY}`;
  if (!client || key !== clientKey) {
    client = createClerkClient({
      secretKey: CLERK_SECRET_KEY,
      publishableKey: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
      jwtKey: CLERK_JWT_KEY,
    });
    clientKey = key;
  }
  return client;
}

export interface ClerkIdentity {
  userId: string;
  sessionId: string | null;
}

/**
 * Authenticates an API request by its `Authorization: Bearer` session token or
 * its `__session` cookie (with `__client_uat`). Returns null when signed out,
 * expired, tampered or when Clerk asks for a handshake (a browser-only flow
 * that an API response cannot complete).
 */
export async function clerkIdentity(request: Request): Promise<ClerkIdentity | null> {
  const { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY, CLERK_JWT_KEY, APP_URL } = env();
  const state = await clerk().authenticateRequest(request, {
    publishableKey: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    secretKey: CLERK_SECRET_KEY,
    jwtKey: CLERK_JWT_KEY,
    acceptsToken: 'session_token',
    // Tokens minted for another origin (azp) are refused when the app's own is known.
    authorizedParties: APP_URL ? [new URL(APP_URL).origin] : undefined,
  });
  if (!state.isAuthenticated) return null;
  const auth = state.toAuth();
  if (!auth || !('userId' in auth) || !auth.userId) return null;
  return { userId: auth.userId, sessionId: 'sessionId' in auth ? (auth.sessionId ?? null) : null };
}
