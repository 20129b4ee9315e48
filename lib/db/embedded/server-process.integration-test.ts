// How initdb / postgres runs end, with real processes: each failure is an
// EmbeddedPostgresError, quickly, and leaves no process behind.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binariesFor } from './binaries';
import { EmbeddedPostgresError } from './errors';
import { postgresUser } from './postgres-user';
import { runInitdb, startServer } from './server-process';

// Made in beforeAll: a run whose filter skips every test here runs no hooks.
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'concilia-pgproc-'));
  chmodSync(work, 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const asRoot = userInfo().uid === 0;
const runAs = asRoot ? postgresUser() : undefined;
const ctx = { dataDir: '/nonexistent/data', port: 5999, asPostgresUser: asRoot };

function script(name: string, body: string, mode = 0o755): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, mode);
  return file;
}
const run = (program: string, timeoutMs = 10_000) => ({ program, args: [], cwd: work, timeoutMs, runAs, log: () => {} });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected the start to fail'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(EmbeddedPostgresError);
      return e as EmbeddedPostgresError;
    },
  );
const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('running the embedded PostgreSQL programs', () => {
  it('a program that cannot be run is an error naming it, not an unhandled error event', async () => {
    const program = script('not-executable', 'exit 0', 0o644);
    const started = Date.now();
    const e = await failure(startServer(run(program), ctx));
    expect(e.code).toBe('cannot-run');
    expect(e.message).toContain(program);
    expect(e.message).toMatch(/EACCES[\s\S]*DATABASE_URL/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a server that never gets ready is stopped after the timeout', async () => {
    const program = script('hangs', 'echo "LOG:  starting as pid $$" >&2\nexec sleep 60');
    const started = Date.now();
    const e = await failure(startServer(run(program, 800), ctx));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/within 0\.8 s, so it was stopped; its last output:\nLOG: {2}starting as pid \d+/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(gone(Number(/pid (\d+)/.exec(e.message)![1]))).toBe(true);
  });

  it('a server that exits before it is ready: its last output is quoted', async () => {
    const program = script('exits', 'echo "FATAL:  could not open configuration file" >&2\nexit 1');
    const e = await failure(startServer(run(program), ctx));
    expect(e.code).toBe('server-exited');
    expect(e.message).toMatch(/postgres exited with code 1 before accepting connections[\s\S]*could not open configuration file/);
  });

  it('the real initdb failing (data directory not empty) is an error quoting initdb', async () => {
    const { initdb } = await binariesFor(runAs, () => {});
    const dataDir = join(work, 'not-empty');
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'stray-file'), 'x');
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
    const e = await failure(
      runInitdb({ ...run(initdb), args: [`--pgdata=${dataDir}`, '--username=postgres', '--auth=trust'] }, { ...ctx, dataDir }),
    );
    expect(e.code).toBe('initdb-failed');
    expect(e.message).toContain(dataDir);
    expect(e.message).toMatch(/exists but is not empty/);
    expect(existsSync(join(dataDir, 'stray-file'))).toBe(true);
  });
});
