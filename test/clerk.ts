// Networkless Clerk for tests: an RSA key pair whose public half is given to
// the real SDK as CLERK_JWT_KEY, and session tokens signed with the private
// half exactly as Clerk's frontend API would mint them.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

export const CLERK_ISSUER = 'https://clerk.example.com';

export interface ClerkTestKeys {
  env: Record<string, string>;
  privateKey: KeyObject;
}

export function clerkTestKeys(): ClerkTestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const host = Buffer.from('clerk.example.com$').toString('base64').replace(/=+$/, '');
  return {
    privateKey,
    env: {
      CLERK_SECRET_KEY: 'sk_live_' + 'x'.repeat(40),
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${host}`,
      CLERK_JWT_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  };
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signClerkToken(
  privateKey: KeyObject,
  claims: { sub: string; sid?: string; expiresInSeconds?: number; issuedAtOffsetSeconds?: number } & Record<string, unknown>,
): string {
  const now = Math.floor(Date.now() / 1000) + (claims.issuedAtOffsetSeconds ?? 0);
  const { expiresInSeconds = 60, issuedAtOffsetSeconds: _o, ...rest } = claims;
  const payload = {
    iss: CLERK_ISSUER,
    azp: 'http://localhost:3000',
    sid: `sess_${Math.random().toString(36).slice(2, 12)}`,
    iat: now - 5,
    nbf: now - 5,
    exp: now + expiresInSeconds,
    ...rest,
  };
  const header = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const sig = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${sig}`;
}
