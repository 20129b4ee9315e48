// How a run of initdb or postgres ended, and the message each ending gives.
// Pure: server-process.ts observes the processes, this names the cause.
import { EmbeddedPostgresError, MOVE_CHECKOUT, OWN_DATABASE } from './errors';

export type Outcome =
  | { kind: 'ready' }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; output: string }
  | { kind: 'spawn-failed'; error: NodeJS.ErrnoException }
  | { kind: 'timed-out'; output: string };

export type Failure = Exclude<Outcome, { kind: 'ready' }>;

export interface FailureContext {
  step: 'initdb' | 'postgres';
  program: string;
  dataDir: string;
  port?: number;
  timeoutMs: number;
  /** Whether the program runs as the `postgres` user on behalf of root. */
  asPostgresUser: boolean;
}

/** The lines of a program's output worth quoting: its errors and hints if any, else its last lines. */
export function lastLines(output: string, n = 12): string {
  const lines = output.trimEnd().split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => /\b(error|fatal|panic|hint|detail):/i.test(l));
  return (errors.length ? errors : lines).slice(-n).join('\n');
}

const portInUse = (f: Failure) => f.kind === 'exited' && /Address already in use/.test(f.output);

const quoted = (output: string) => (lastLines(output) ? `; its last output:\n${lastLines(output)}` : ' (it printed nothing).');

export function describeFailure(f: Failure, ctx: FailureContext): EmbeddedPostgresError {
  const { step, program, dataDir } = ctx;
  if (f.kind === 'spawn-failed') {
    const code = f.error.code ?? 'error';
    if (code === 'EACCES' || code === 'EPERM') {
      return new EmbeddedPostgresError(
        'cannot-run',
        ctx.asPostgresUser
          ? `the postgres user (which runs the server for root) may not run ${program} (${code}): a folder above it is closed to other users.`
          : `${program} may not be run (${code}).`,
        `${MOVE_CHECKOUT}, or ${OWN_DATABASE}`,
        { cause: f.error },
      );
    }
    if (code === 'ENOENT') {
      return new EmbeddedPostgresError('cannot-run', `${program} does not exist.`, `reinstall with npm ci, or ${OWN_DATABASE}`, {
        cause: f.error,
      });
    }
    return new EmbeddedPostgresError('cannot-run', `${program} could not be run (${code}: ${f.error.message}).`, OWN_DATABASE, {
      cause: f.error,
    });
  }
  if (f.kind === 'timed-out') {
    const what = step === 'initdb' ? 'initdb did not finish' : 'postgres did not accept connections';
    return new EmbeddedPostgresError(
      'timeout',
      `${what} within ${Math.round(ctx.timeoutMs / 100) / 10} s, so it was stopped${quoted(f.output)}`,
      `retry (the machine may be overloaded), or ${OWN_DATABASE}`,
    );
  }
  if (portInUse(f)) {
    return new EmbeddedPostgresError(
      'port-in-use',
      `port ${ctx.port} on 127.0.0.1 is already in use.`,
      `retry, or ${OWN_DATABASE}`,
    );
  }
  const lock = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(f.output);
  if (lock) {
    return new EmbeddedPostgresError(
      'data-dir-in-use',
      `another PostgreSQL server (pid ${lock[1]}) is already running on ${dataDir}.`,
      `stop the other npm start or npm test of this checkout, or ${OWN_DATABASE}`,
    );
  }
  const ended = f.signal ? `was killed by ${f.signal}` : `exited with code ${f.code}`;
  if (step === 'initdb') {
    return new EmbeddedPostgresError(
      'initdb-failed',
      `initdb ${ended} while creating ${dataDir}${quoted(f.output)}`,
      `if ${dataDir} is left from an interrupted first start (it holds no database yet), remove it and retry; or ${OWN_DATABASE}`,
    );
  }
  return new EmbeddedPostgresError(
    'server-exited',
    `postgres ${ended} before accepting connections (data in ${dataDir})${quoted(f.output)}`,
    `fix what its messages above say, or ${OWN_DATABASE}`,
  );
}
