// Maps a request (method + path) to its route-table key, for code that runs
// before the route handler (proxy.ts).
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';

const PATTERNS: { key: RouteKey; method: string; re: RegExp }[] = (Object.keys(ROUTE_TABLE) as RouteKey[]).map((key) => {
  const [method, path] = key.split(' ') as [string, string];
  const re = new RegExp(`^${path.replace(/\[[^\]]+\]/g, '[^/]+')}/?$`);
  return { key, method, re };
});

export function matchRoute(method: string, pathname: string): RouteKey | null {
  for (const p of PATTERNS) if (p.method === method && p.re.test(pathname)) return p.key;
  return null;
}
