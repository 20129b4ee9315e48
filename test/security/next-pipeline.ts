// What Next.js does with a request before the route handler, in process:
// the proxy's matcher (Next's own matcher code, tried on the raw and the
// decoded path as the router does), proxy.ts itself, and the request-header
// override it answers with (the rule of next/dist/server/lib/router-utils/
// resolve-routes.js). The real server is exercised too (test/e2e).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFetchEvent } from 'next/server';

// Next's server modules expect the AsyncLocalStorage its runtime installs.
(globalThis as Record<string, unknown>).AsyncLocalStorage ??= AsyncLocalStorage;

async function load() {
  const [{ NextRequest }, { unstable_doesMiddlewareMatch }, proxyModule] = await Promise.all([
    import('next/server'),
    import('next/experimental/testing/server'),
    import('@/proxy'),
  ]);
  return { NextRequest, unstable_doesMiddlewareMatch, proxy: proxyModule.default, config: proxyModule.config };
}
let loaded: ReturnType<typeof load> | undefined;

/** Whether proxy.ts runs for this path, as Next's router decides. */
export async function proxyMatches(pathname: string): Promise<boolean> {
  const { unstable_doesMiddlewareMatch, config } = await (loaded ??= load());
  const tryPath = (p: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost:3000${p}` });
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // the router also keeps the raw path when it cannot decode
  }
  return tryPath(pathname) || tryPath(decoded);
}

/**
 * Runs the request through the matcher and proxy.ts: either the proxy's own
 * answer (429, redirect), or the request the route handler would receive.
 */
export async function throughProxy(request: Request, body?: string): Promise<{ answered: Response } | { forwarded: Request }> {
  const { NextRequest, proxy } = await (loaded ??= load());
  const url = new URL(request.url);
  if (!(await proxyMatches(url.pathname))) return { forwarded: request };
  const res = await proxy(new NextRequest(request.url, { method: request.method, headers: request.headers }), {} as NextFetchEvent);
  if (res.headers.get('x-middleware-next') !== '1') return { answered: res };
  let headers = new Headers(request.headers);
  const override = res.headers.get('x-middleware-override-headers');
  if (override) {
    headers = new Headers();
    for (const name of override.split(',').map((k) => k.trim())) {
      const value = res.headers.get(`x-middleware-request-${name}`);
      if (value !== null) headers.set(name, value);
    }
  }
  return { forwarded: new Request(request.url, { method: request.method, headers, body }) };
}
