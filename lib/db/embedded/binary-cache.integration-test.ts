// The shared copy of the PostgreSQL binaries, on the real file system with a
// small stand-in tree (the real 60 MB one is copied by the root start tests).
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedCopy, hashTree, matchesTree, readTree } from './binary-cache';
import { EmbeddedPostgresError } from './errors';

// Made in beforeAll: a run whose filter skips every test here runs no hooks.
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'concilia-bincache-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let trees = 0;
/** A tree shaped like the platform package's native/ folder, with `files` files in share/. */
function sourceTree(files = 3): string {
  const root = join(work, `source-${++trees}`);
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'lib'));
  mkdirSync(join(root, 'share', 'timezone'), { recursive: true });
  writeFileSync(join(root, 'bin', 'postgres'), '#!/bin/sh\necho postgres\n');
  chmodSync(join(root, 'bin', 'postgres'), 0o700); // a narrow source mode must not narrow the copy
  writeFileSync(join(root, 'lib', 'libpq.so.5.18'), 'elf');
  chmodSync(join(root, 'lib', 'libpq.so.5.18'), 0o600);
  symlinkSync('libpq.so.5.18', join(root, 'lib', 'libpq.so.5'));
  for (let i = 0; i < files; i++) writeFileSync(join(root, 'share', 'timezone', `zone-${i}`), `zone ${i}\n`.repeat(50));
  return root;
}
const cacheRoot = () => join(mkdtempSync(join(work, 'cache-')), 'binaries');
const mode = (p: string) => lstatSync(p).mode & 0o777;

describe('the shared copy of the PostgreSQL binaries', () => {
  it('copies the tree whole, readable and runnable by others, and reuses it on the next call', async () => {
    const source = sourceTree();
    const root = cacheRoot();
    const first = await cachedCopy({ source, cacheRoot: root, name: 'pg-1.0' });
    expect(first.copied).toBe(true);
    expect(first.dir).toMatch(new RegExp(`^${root}/pg-1\\.0-[0-9a-f]{16}$`));
    expect(await hashTree(first.dir, await readTree(first.dir))).toBe(await hashTree(source, await readTree(source)));
    expect(mode(root)).toBe(0o755);
    expect(mode(first.dir)).toBe(0o755);
    expect(mode(join(first.dir, 'share', 'timezone'))).toBe(0o755);
    expect(mode(join(first.dir, 'bin', 'postgres'))).toBe(0o755);
    expect(mode(join(first.dir, 'lib', 'libpq.so.5.18'))).toBe(0o644);
    expect(lstatSync(join(first.dir, 'lib', 'libpq.so.5')).isSymbolicLink()).toBe(true);
    expect(statSync(join(first.dir, 'bin', 'postgres')).uid).toBe(process.getuid!());

    const inode = statSync(join(first.dir, 'bin', 'postgres')).ino;
    const again = await cachedCopy({ source, cacheRoot: root, name: 'pg-1.0' });
    expect(again).toEqual({ dir: first.dir, copied: false });
    expect(statSync(join(first.dir, 'bin', 'postgres')).ino).toBe(inode);
  });

  it('a different content gets its own folder', async () => {
    const root = cacheRoot();
    const a = await cachedCopy({ source: sourceTree(), cacheRoot: root, name: 'pg-1.0' });
    const changed = sourceTree();
    writeFileSync(join(changed, 'share', 'timezone', 'zone-0'), 'other');
    const b = await cachedCopy({ source: changed, cacheRoot: root, name: 'pg-1.0' });
    expect(b.dir).not.toBe(a.dir);
    expect(existsSync(a.dir)).toBe(true);
  });

  it('concurrent starts all get the whole copy, and nobody ever sees half of one', async () => {
    const source = sourceTree(300);
    const root = cacheRoot();
    let dir: string | undefined;
    let partial = 0;
    let checks = 0;
    let copying = true;
    const entries = await readTree(source);
    // Polls the final folder while the copies run: once it exists it must be whole.
    const watcher = (async () => {
      while (copying) {
        if (dir && existsSync(dir)) {
          checks++;
          if (!(await matchesTree(dir, entries))) partial++;
        } else if (existsSync(root)) {
          dir = readdirSync(root)
            .filter((n) => !n.startsWith('.'))
            .map((n) => join(root, n))[0];
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = await Promise.all([1, 2, 3, 4].map(() => cachedCopy({ source, cacheRoot: root, name: 'pg-1.0' })));
    copying = false;
    await watcher;
    expect(new Set(results.map((r) => r.dir)).size).toBe(1);
    expect(await matchesTree(results[0]!.dir, entries)).toBe(true);
    expect(partial).toBe(0);
    expect(checks).toBeGreaterThan(0);
    expect(readdirSync(root)).toEqual([results[0]!.dir.slice(root.length + 1)]);
  });

  it('replaces a copy that lost files (temp cleaners age them out)', async () => {
    const source = sourceTree();
    const root = cacheRoot();
    const { dir } = await cachedCopy({ source, cacheRoot: root, name: 'pg-1.0' });
    rmSync(join(dir, 'share', 'timezone', 'zone-1'));
    const again = await cachedCopy({ source, cacheRoot: root, name: 'pg-1.0' });
    expect(again).toEqual({ dir, copied: true });
    expect(await matchesTree(dir, await readTree(source))).toBe(true);
    expect(readdirSync(root)).toHaveLength(1);
  });

  it('removes the scratch folder of a start that died mid-copy', async () => {
    const root = cacheRoot();
    mkdirSync(root, { mode: 0o755 });
    // pid 2^22 + 1 is above Linux's pid_max: no process has it.
    const abandoned = join(root, '.tmp-pg-1.0-0123456789abcdef-4194305-deadbeef');
    mkdirSync(join(abandoned, 'bin'), { recursive: true });
    await cachedCopy({ source: sourceTree(), cacheRoot: root, name: 'pg-1.0' });
    expect(existsSync(abandoned)).toBe(false);
  });

  it('refuses a cache folder others can write to', async () => {
    const root = cacheRoot();
    mkdirSync(root);
    chmodSync(root, 0o777);
    const err = await cachedCopy({ source: sourceTree(), cacheRoot: root, name: 'pg-1.0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect((err as EmbeddedPostgresError).code).toBe('unsafe-folder');
    expect((err as Error).message).toContain(root);
    expect(readdirSync(root)).toEqual([]);
  });
});
