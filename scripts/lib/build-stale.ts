// Whether the production build (.next/BUILD_ID) is older than the sources it
// was built from; npm start and the HTTP benchmarks rebuild when it is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_SOURCES = ['app', 'lib', 'components', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'prisma/schema.prisma'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'generated' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIsStale(root = process.cwd()): boolean {
  const stamp = join(root, '.next', 'BUILD_ID');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return BUILD_SOURCES.some((s) => newestMtime(join(root, s)) > built);
}
