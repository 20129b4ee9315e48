// API keys per (base URL, client id, secret), shared by every client of the
// process. Pluggy's key is a 2 h JWT and POST /auth has its own rate limit:
// concurrent cold calls share one in-flight /auth, a key is replaced a few
// minutes before its `exp` (a request never leaves with a key about to
// expire), and a 401 drops exactly the key that got it.
import { createHash } from 'node:crypto';

const REFRESH_MARGIN_S = 300;
/** A key that is not a JWT (no exp) is reused for this long. */
const OPAQUE_KEY_TTL_S = 600;

interface Entry {
  key?: string;
  /** Unix seconds after which the key is not used any more. */
  refreshAt: number;
  inflight?: Promise<string>;
}

export interface JwtTimes {
  exp: number;
  iat: number | null;
}

/** exp/iat of a JWT (signature not checked: the key is Pluggy's, we only schedule its refresh). */
export function jwtTimes(token: string): JwtTimes | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    if (typeof payload.exp !== 'number') return null;
    return { exp: payload.exp, iat: typeof payload.iat === 'number' ? payload.iat : null };
  } catch {
    return null;
  }
}

/** When to stop using a key: `margin` before exp, at most a quarter of its life early. */
export function refreshAt(token: string, nowS: number): number {
  const t = jwtTimes(token);
  if (!t) return nowS + OPAQUE_KEY_TTL_S;
  const life = t.exp - (t.iat ?? nowS);
  const margin = Math.min(REFRESH_MARGIN_S, Math.max(0, life / 4));
  return t.exp - margin;
}

export function credentialsKey(baseUrl: string, clientId: string, clientSecret: string): string {
  const secret = createHash('sha256').update(clientSecret).digest('base64url');
  return `${baseUrl}\u0000${clientId}\u0000${secret}`;
}

export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();

  /** A current key for `cacheKey`, calling `fetchKey` at most once at a time per key. */
  async get(cacheKey: string, fetchKey: () => Promise<string>, nowS: number): Promise<string> {
    const entry = this.entries.get(cacheKey) ?? { refreshAt: 0 };
    this.entries.set(cacheKey, entry);
    if (entry.key && nowS < entry.refreshAt) return entry.key;
    entry.inflight ??= fetchKey().then(
      (key) => {
        entry.key = key;
        entry.refreshAt = refreshAt(key, nowS);
        entry.inflight = undefined;
        return key;
      },
      (err: unknown) => {
        entry.inflight = undefined;
        throw err;
      },
    );
    return entry.inflight;
  }

  /** Forget `key` (a 401 came back for it); a newer key fetched meanwhile stays. */
  invalidate(cacheKey: string, key: string): void {
    const entry = this.entries.get(cacheKey);
    if (entry?.key === key) {
      entry.key = undefined;
      entry.refreshAt = 0;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide cache every PluggyTransport uses unless given its own. */
export const apiKeys = new ApiKeyCache();
