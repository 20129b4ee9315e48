// Finds a PostgreSQL server for tests and creates a throw-away database on
// it: DATABASE_URL when given, else 127.0.0.1:5432 when it answers, else an
// embedded server. Each run gets its own database, dropped at the end.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { applyMigrations } from '@/lib/db/migrations';

export interface TestServer {
  /** URL of an administrative database on the server (to create/drop). */
  adminUrl: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  embedded?: EmbeddedPostgres;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function findTestServer(
  projectRoot: string,
  opts: { databaseUrl?: string | null; local?: string } = {},
): Promise<TestServer> {
  const databaseUrl = opts.databaseUrl === undefined ? process.env.DATABASE_URL : opts.databaseUrl;
  const local = opts.local ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (databaseUrl) return { adminUrl: databaseUrl, source: 'DATABASE_URL' };
  if (await answers(local)) return { adminUrl: local, source: 'local' };
  const embedded = await startEmbeddedPostgres({ baseDir: join(projectRoot, '.data', 'test-postgres'), database: 'postgres' });
  return { adminUrl: embedded.url, source: 'embedded', embedded };
}

export async function createScratchDatabase(
  adminUrl: string,
  { prefix = 'concilia_test', migrate = true }: { prefix?: string; migrate?: boolean } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  if (migrate) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await applyMigrations(c);
    } finally {
      await c.end();
    }
  }
  return {
    url,
    name,
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
