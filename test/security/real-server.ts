// Security checks against a running Next.js server (the e2e start test runs
// them on its `next dev`): the forged-marker sweep over every route pattern
// of the route table, and client-address spoofing. Each returns what it
// checked, so the caller can assert it covered something.
import { expect } from 'vitest';
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';

const MARKER = 'x-concilia-rate-limit';

/** Every path a route pattern can be reached (or nearly reached) by: file-like suffixes, encodings, a trailing slash. */
function pathVariants(pattern: string): string[] {
  if (pattern.includes('[id]')) {
    const at = (id: string) => pattern.replace('[id]', id);
    return [at(crypto.randomUUID()), at('x.js'), at('x.png'), at('x%2ejs'), `${at('x.js')}/`];
  }
  return [pattern, `${pattern}.js`, `${pattern}%2epng`, `${pattern}/`];
}

function forgedMarker(victimUserId: string): string {
  return JSON.stringify({
    policy: 'default',
    identifier: 'forged',
    headers: { 'X-Injected': 'yes', 'X-RateLimit-Remaining': '999' },
    identity: { userId: victimUserId, mode: 'builtin', email: 'demo@concilia.local', name: null, sessionId: null },
  });
}

async function answer(res: Response) {
  const text = await res.text();
  let code: string | null = null;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    // an HTML page (404) or an empty body (HEAD)
  }
  return { status: res.status, code, injected: res.headers.get('x-injected'), remaining: res.headers.get('x-ratelimit-remaining') };
}

/**
 * Unauthenticated requests to every route pattern × variant × (method, HEAD
 * for GET), each without and with a forged marker naming the victim: the
 * answers must be the same, with no injected header.
 */
export async function sweepForgedMarkers(base: string, victimUserId: string): Promise<number> {
  const cases: { key: RouteKey; method: string; path: string; pattern: string }[] = [];
  for (const key of Object.keys(ROUTE_TABLE) as RouteKey[]) {
    const [method, pattern] = key.split(' ') as [string, string];
    for (const path of pathVariants(pattern)) {
      cases.push({ key, method, path, pattern });
      if (method === 'GET') cases.push({ key, method: 'HEAD', path, pattern });
    }
  }
  const check = async ({ key, method, path, pattern }: (typeof cases)[number]) => {
    const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
    const send = (marker?: string) =>
      fetch(`${base}${path}`, {
        method,
        redirect: 'manual',
        headers: { ...(marker ? { [MARKER]: marker } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      }).then(answer);
    const plain = await send();
    const forged = await send(forgedMarker(victimUserId));
    const where = `${method} ${path}`;
    expect(forged.status, where).toBe(plain.status);
    expect(forged.code, where).toBe(plain.code);
    expect(forged.injected, where).toBeNull();
    expect(forged.remaining, where).not.toBe('999');
    if (ROUTE_TABLE[key].access !== 'public' && path === pattern) expect(forged.status, `${where} is not signed in`).toBe(401);
  };
  // A few at a time: next dev compiles each route on its first request.
  for (let i = 0; i < cases.length; i += 6) await Promise.all(cases.slice(i, i + 6).map(check));
  return cases.length;
}

/**
 * Sign-in attempts from this one socket, each claiming another address in
 * X-Forwarded-For and in the peer stamp's own header: the per-address login
 * limit (login-ip) still answers 429. Within twice its budget: a minute
 * boundary in the middle lets the sliding window weigh part of the count
 * away; with spoofing working there would be no 429 at all.
 */
export async function spoofedAddressesStillLimited(base: string, perAddressLimit: number): Promise<number> {
  for (let i = 1; i <= 2 * perAddressLimit + 1; i++) {
    const fake = `${1 + (i % 200)}.${i % 256}.${(i * 7) % 256}.${(i * 13) % 256}`;
    const res = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': fake, 'x-real-ip': fake, 'x-concilia-peer-address': fake },
      body: '{}',
    });
    await res.arrayBuffer();
    if (res.status === 429) return i;
    expect(res.status).toBe(422);
  }
  throw new Error(`no 429 after ${2 * perAddressLimit + 1} sign-in attempts from one socket with spoofed addresses`);
}
