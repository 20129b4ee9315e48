// Maps a request (method + path) to its route-table key, for code that runs
// before the route handler (proxy.ts). Like Next.js, a static segment wins
// over a [param] one, and HEAD is answered by the GET handler.
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';

const PATTERNS: { key: RouteKey; method: string; re: RegExp; dynamic: number }[] = (Object.keys(ROUTE_TABLE) as RouteKey[])
  .map((key) => {
    const [method, path] = key.split(' ') as [string, string];
    const re = new RegExp(`^${path.replace(/\[[^\]]+\]/g, '[^/]+')}/?$`);
    return { key, method, re, dynamic: (path.match(/\[/g) ?? []).length };
  })
  .sort((a, b) => a.dynamic - b.dynamic);

export function matchRoute(method: string, pathname: string): RouteKey | null {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  for (const p of PATTERNS) if (p.method === m && p.re.test(pathname)) return p.key;
  return null;
}
