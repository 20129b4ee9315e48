// The sandbox's API keys and connect tokens: HS256 JWTs signed with a
// per-instance secret, so the sandbox can tell its own keys from forged or
// revoked ones. pluggy-sdk only decodes them and reads `exp`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export interface KeyClaims {
  clientId: string;
  iat: number;
  exp: number;
  /** Connect tokens: the widget's reduced scope. */
  connect?: { itemId?: string; clientUserId?: string; webhookUrl?: string; jti: string };
}

export class KeySigner {
  private readonly secret = randomBytes(32);

  sign(claims: KeyClaims): string {
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    return `${head}.${createHmac('sha256', this.secret).update(head).digest('base64url')}`;
  }

  /** The claims of a key this instance signed, or null (forged, malformed). Expiry is the caller's check. */
  verify(token: string): KeyClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = createHmac('sha256', this.secret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as KeyClaims;
    } catch {
      return null;
    }
  }
}

/** An unsigned JWT with a numeric exp (kept for callers that only need the shape). */
export function sandboxApiKey(clientId: string, ttlSeconds = 7200): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ clientId, iat: now, exp: now + ttlSeconds })}.`;
}
