// One PrismaClient per process, over PrismaPg + pg.Pool. With
// PRISMA_ACCELERATE_URL set, the client goes through Prisma Accelerate and
// query-level `cacheStrategy` takes effect. In direct mode the same argument
// is accepted and dropped, so callers never need to know which mode is on.
import { PrismaPg } from '@prisma/adapter-pg';
import { withAccelerate } from '@prisma/extension-accelerate';
import { Pool } from 'pg';
import { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

function logLevels(): ('error' | 'warn')[] {
  return env().NODE_ENV === 'production' ? ['error'] : ['error', 'warn'];
}

export function createPool(connectionString: string, max = env().DATABASE_POOL_MAX): Pool {
  const pool = new Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return pool;
}

// Direct mode: accept Accelerate's `cacheStrategy` and ignore it.
const ignoreCacheStrategy = Prisma.defineExtension({
  name: 'ignore-cache-strategy',
  query: {
    $allModels: {
      $allOperations({ args, query }) {
        if (args && typeof args === 'object' && 'cacheStrategy' in args) {
          const { cacheStrategy: _ignored, ...rest } = args as Record<string, unknown>;
          return query(rest as typeof args);
        }
        return query(args);
      },
    },
  },
});

/**
 * The client type callers program against. It is the plain client's type in
 * both modes: the Accelerate extension's own typings lose `include` result
 * types, and `cacheStrategy` is accepted at run time in both modes anyway.
 */
export type Db = PrismaClient;

function createAccelerated(url: string): Db {
  return new PrismaClient({ accelerateUrl: url, log: logLevels() }).$extends(withAccelerate()) as unknown as Db;
}
/** A transaction client, as passed to `$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A client over its own pool; for scripts and tests that manage lifetime. */
export function createPrismaClient(connectionString: string, poolMax?: number): { db: Db; pool: Pool } {
  const pool = createPool(connectionString, poolMax);
  const client = new PrismaClient({ adapter: new PrismaPg(pool), log: logLevels() }).$extends(
    ignoreCacheStrategy,
  );
  return { db: client as unknown as Db, pool };
}

function createPrisma(): { db: Db; pool?: Pool } {
  const { DATABASE_URL, PRISMA_ACCELERATE_URL } = env();
  if (PRISMA_ACCELERATE_URL) return { db: createAccelerated(PRISMA_ACCELERATE_URL) };
  if (!DATABASE_URL) {
    throw new Error('DATABASE_URL is not set (npm start provides an embedded PostgreSQL when it is absent).');
  }
  return createPrismaClient(DATABASE_URL);
}

// Kept on globalThis so hot reload in development reuses one pool instead of
// opening a new one per module reload.
const globalForPrisma = globalThis as unknown as { concilia?: { db: Db; pool?: Pool } };

function instance(): { db: Db; pool?: Pool } {
  if (!globalForPrisma.concilia) globalForPrisma.concilia = createPrisma();
  return globalForPrisma.concilia;
}

/** The process-wide client, created on first use (never at import time). */
export function getPrisma(): Db {
  return instance().db;
}

/** The process-wide pg pool (direct mode only), for raw SQL outside Prisma. */
export function getPool(): Pool | undefined {
  return instance().pool;
}

export const prisma: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getPrisma() as unknown as Record<PropertyKey, unknown>;
    const value = client[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
