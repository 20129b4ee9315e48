// proxy.ts applies the route's rate limit before the handler runs (the seed's
// "global in middleware") and authenticates the caller to do so; it hands
// both results to the route wrapper in this request header so the request is
// counted once and the session is not looked up twice.
//
// A request header is something a client can send too, so the marker is
// signed: HMAC-SHA256 with a random key made once per process and kept on
// globalThis (Next.js bundles proxy.ts and the route handlers separately, but
// `next start` and `next dev` run both in the same process). The signature
// covers the payload, the method, the path and a hash of the request's
// credentials (Authorization and Cookie headers), and the marker expires
// after MARKER_TTL_MS. A client never sees a marker (it lives only between
// proxy.ts and the handler) and cannot make one; the wrapper treats anything
// that fails verification as absent and authenticates the request itself.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const RATE_LIMIT_MARKER = 'x-concilia-rate-limit';
export const MARKER_TTL_MS = 30_000;
const VERSION = 'v1';

// Only these names may travel from the proxy to the response.
const RATE_LIMIT_HEADER_NAMES = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'] as const;

const Payload = z.strictObject({
  policy: z.string().max(32),
  identifier: z.string().max(300),
  headers: z.partialRecord(z.enum(RATE_LIMIT_HEADER_NAMES), z.string().regex(/^\d{1,12}$/)),
  identity: z
    .strictObject({
      userId: z.string().min(1).max(191),
      mode: z.enum(['clerk', 'builtin']),
      email: z.string().max(254).nullable(),
      name: z.string().max(120).nullable(),
      sessionId: z.string().max(191).nullable(),
    })
    .optional(),
  exp: z.number().int(),
});

export interface RateLimitMarker {
  policy: string;
  identifier: string;
  headers: Partial<Record<(typeof RATE_LIMIT_HEADER_NAMES)[number], string>>;
  /** The caller proxy.ts authenticated, so the wrapper need not look it up again. */
  identity?: { userId: string; mode: 'clerk' | 'builtin'; email: string | null; name: string | null; sessionId: string | null };
}

/** What a marker is bound to: the request it was made for. */
export interface MarkerBinding {
  method: string;
  pathname: string;
  headers: Pick<Headers, 'get'>;
}

/** The binding of a request, computed alike by proxy.ts and the wrapper. */
export function markerBinding(request: Request): MarkerBinding {
  return { method: request.method, pathname: new URL(request.url).pathname, headers: request.headers };
}

const KEY = Symbol.for('concilia.rateLimitMarkerKey');

function processKey(): Buffer {
  const g = globalThis as Record<symbol, unknown>;
  return (g[KEY] ??= randomBytes(32)) as Buffer;
}

function credentialsHash(headers: Pick<Headers, 'get'>): string {
  return createHash('sha256')
    .update(headers.get('authorization') ?? '')
    .update('\n')
    .update(headers.get('cookie') ?? '')
    .digest('base64url');
}

function mac(payload: string, b: MarkerBinding): Buffer {
  return createHmac('sha256', processKey())
    .update(`${VERSION}\n${b.method.toUpperCase()}\n${b.pathname}\n${credentialsHash(b.headers)}\n${payload}`)
    .digest();
}

/** Only the rate-limit headers, and only numeric values: nothing else can ride along. */
export function rateLimitHeadersOnly(headers: Record<string, string>): RateLimitMarker['headers'] {
  const out: RateLimitMarker['headers'] = {};
  for (const name of RATE_LIMIT_HEADER_NAMES) {
    const v = headers[name];
    if (v !== undefined && /^\d{1,12}$/.test(v)) out[name] = v;
  }
  return out;
}

export function signMarker(m: RateLimitMarker, binding: MarkerBinding, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ ...m, headers: rateLimitHeadersOnly(m.headers), exp: now + MARKER_TTL_MS }),
  ).toString('base64url');
  return `${VERSION}.${payload}.${mac(payload, binding).toString('base64url')}`;
}

/** The marker when it was made by this process for this very request and is still fresh; null otherwise. */
export function verifyMarker(value: string | null, binding: MarkerBinding, now = Date.now()): RateLimitMarker | null {
  if (!value || value.length > 4096) return null;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, payload, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload, binding);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed: z.infer<typeof Payload>;
  try {
    const result = Payload.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  if (parsed.exp < now || parsed.exp > now + MARKER_TTL_MS) return null;
  const { exp: _exp, ...marker } = parsed;
  return marker;
}
