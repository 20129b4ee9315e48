// Discovers every route handler under app/api and pairs it with the route
// table, so test matrices cover every route that exists.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Method, RouteKey } from '@/lib/api/route-table';

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface DiscoveredRoute {
  key: RouteKey;
  method: Method;
  /** Path pattern with [param] segments, e.g. /api/members/[id]. */
  pattern: string;
  file: string;
}

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...routeFiles(p));
    else if (entry === 'route.ts') out.push(p);
  }
  return out;
}

export async function discoverRoutes(): Promise<DiscoveredRoute[]> {
  const root = join(process.cwd(), 'app');
  const found: DiscoveredRoute[] = [];
  for (const file of routeFiles(join(root, 'api'))) {
    const pattern = '/' + relative(root, file).split(sep).slice(0, -1).join('/');
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === 'function') {
        found.push({ key: `${method} ${pattern}` as RouteKey, method, pattern, file });
      }
    }
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

export async function handlerFor(route: DiscoveredRoute): Promise<RouteHandler> {
  const mod = (await import(route.file)) as Record<string, RouteHandler>;
  return mod[route.method]!;
}
