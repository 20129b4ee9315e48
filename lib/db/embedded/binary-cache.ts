// A copy of a folder of binaries in a shared place, made once per content
// and reused: for a root start whose checkout the `postgres` user cannot
// enter. Each copy is written to a temporary folder and renamed into place,
// so concurrent starts (tests start several) never run from half a copy; a
// copy found damaged (temp cleaners age out files they think unused) is
// replaced the same way.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureOwnedFolder } from './shared-folders';

export interface TreeEntry {
  /** Path relative to the tree's root, `/`-separated. */
  path: string;
  kind: 'dir' | 'file' | 'link';
  size: number;
  executable: boolean;
  target?: string;
}

const DIR_MODE = 0o755;
const modeOf = (e: TreeEntry) => (e.kind === 'dir' || e.executable ? 0o755 : 0o644);

/** Every folder, file and symlink under `root`, in a stable order (a folder before its contents). */
export async function readTree(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(root, path));
      if (st.isSymbolicLink()) {
        entries.push({ path, kind: 'link', size: 0, executable: false, target: await readlink(join(root, path)) });
      } else if (st.isDirectory()) {
        entries.push({ path, kind: 'dir', size: 0, executable: true });
        await walk(path);
      } else if (st.isFile()) {
        entries.push({ path, kind: 'file', size: st.size, executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  await walk('');
  return entries;
}

/** SHA-256 over the tree's layout and every file's bytes. */
export async function hashTree(root: string, entries: TreeEntry[]): Promise<string> {
  const hash = createHash('sha256');
  for (const e of entries) {
    hash.update(`${e.kind} ${e.path} ${e.size} ${e.executable ? 'x' : '-'} ${e.target ?? ''}\n`);
    if (e.kind === 'file') hash.update(await readFile(join(root, e.path)));
  }
  return hash.digest('hex');
}

async function copyTree(source: string, dest: string, entries: TreeEntry[]): Promise<void> {
  await mkdir(dest, { mode: DIR_MODE });
  await chmod(dest, DIR_MODE);
  for (const e of entries) {
    const to = join(dest, e.path);
    if (e.kind === 'dir') await mkdir(to, { mode: DIR_MODE });
    else if (e.kind === 'link') await symlink(e.target!, to);
    else await copyFile(join(source, e.path), to);
    if (e.kind !== 'link') await chmod(to, modeOf(e));
  }
}

/** Whether `dir` holds the whole tree, owned by this user with the modes a copy gets. */
export async function matchesTree(dir: string, entries: TreeEntry[]): Promise<boolean> {
  const me = process.getuid?.() ?? 0;
  const ok = async (path: string, e: TreeEntry | undefined): Promise<boolean> => {
    const st = await lstat(path).catch(() => undefined);
    if (!st || st.uid !== me) return false;
    if (!e) return st.isDirectory() && (st.mode & 0o777) === DIR_MODE;
    if (e.kind === 'link') return st.isSymbolicLink() && (await readlink(path)) === e.target;
    if ((st.mode & 0o777) !== modeOf(e)) return false;
    return e.kind === 'dir' ? st.isDirectory() : st.isFile() && st.size === e.size;
  };
  if (!(await ok(dir, undefined))) return false;
  for (const e of entries) if (!(await ok(join(dir, e.path), e))) return false;
  return true;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const scratchName = (kind: 'tmp' | 'stale', key: string) =>
  `.${kind}-${key}-${process.pid}-${randomBytes(4).toString('hex')}`;

/** Removes scratch folders left by starts that died mid-copy. */
async function removeAbandoned(cacheRoot: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    const m = /^\.(?:tmp|stale)-.+-(\d+)-[0-9a-f]{8}$/.exec(name);
    if (m && !alive(Number(m[1]))) await rm(join(cacheRoot, name), { recursive: true, force: true });
  }
}

const clash = (err: unknown) => ['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * The folder under `cacheRoot` holding a copy of `source` (folders 0755,
 * files 0644 or 0755, owned by this user), named `<name>-<content hash>`:
 * reused when it is whole, written otherwise.
 */
export async function cachedCopy({ source, cacheRoot, name }: { source: string; cacheRoot: string; name: string }) {
  ensureOwnedFolder(cacheRoot);
  const entries = await readTree(source);
  const key = `${name}-${(await hashTree(source, entries)).slice(0, 16)}`;
  const dir = join(cacheRoot, key);
  if (await matchesTree(dir, entries)) return { dir, copied: false };

  await removeAbandoned(cacheRoot);
  const temp = join(cacheRoot, scratchName('tmp', key));
  try {
    await copyTree(source, temp, entries);
    try {
      await rename(temp, dir);
      return { dir, copied: true };
    } catch (err) {
      if (!clash(err)) throw err;
    }
    // Another start got there first (then its copy is whole), or the copy
    // there is damaged: move it aside and put ours in its place.
    if (await matchesTree(dir, entries)) return { dir, copied: false };
    const stale = join(cacheRoot, scratchName('stale', key));
    await rename(dir, stale).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    try {
      await rename(temp, dir);
    } catch (err) {
      if (!clash(err) || !(await matchesTree(dir, entries))) throw err;
    }
    await rm(stale, { recursive: true, force: true });
    return { dir, copied: true };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
