// Folders outside the checkout that the `postgres` user can reach, for a
// root start whose checkout it cannot enter. They sit in world-writable
// temp folders, so a folder found there is used only if root owns it and
// nobody else can write to it: otherwise another local user could plant
// files that root's server would run or load.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EmbeddedPostgresError, MOVE_CHECKOUT, OWN_DATABASE } from './errors';
import { traversableBy, type RunAs } from './postgres-user';

/** The first temp folder `user` can reach: TMPDIR, else the usual ones. */
export function reachableTempRoot(user: RunAs): string {
  const candidates = [...new Set([tmpdir(), '/var/tmp', '/tmp'])];
  const found = candidates.find((dir) => traversableBy(dir, user.uid, user.gid));
  if (!found) {
    throw new EmbeddedPostgresError(
      'no-reachable-folder',
      `the postgres user can enter neither the checkout nor any of ${candidates.join(', ')}.`,
      `${MOVE_CHECKOUT}, set TMPDIR to a folder it can enter, or ${OWN_DATABASE}`,
    );
  }
  return found;
}

/**
 * Creates `dir` (mode `mode`) or checks that the existing one is a real
 * folder owned by this process's user that no one else can write to.
 */
export function ensureOwnedFolder(dir: string, mode = 0o755): void {
  const me = process.getuid?.() ?? 0;
  try {
    mkdirSync(dir, { mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== me || (st.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      'unsafe-folder',
      `${dir} already exists but is not a folder that only its owner (uid ${me}) can write to, so it cannot be trusted.`,
      `remove it (it only holds files the embedded PostgreSQL recreates), or ${OWN_DATABASE}`,
    );
  }
  // The umask may have narrowed the mode at creation.
  if ((st.mode & 0o777) !== mode) chmodSync(dir, mode);
}
