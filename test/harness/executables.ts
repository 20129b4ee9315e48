// Where the test harness looks for a program (redis-server, chromium): the
// PATH, then the usual install locations, which a PATH trimmed by a shell
// profile or an IDE may lack.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const COMMON_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/opt/homebrew/bin', '/snap/bin'];

export function defaultSearchPath(env: Record<string, string | undefined> = process.env): string[] {
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...new Set([...fromPath, ...COMMON_DIRS])];
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named one of `names` in `dirs`, in order. */
export function findExecutable(names: readonly string[], dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}
