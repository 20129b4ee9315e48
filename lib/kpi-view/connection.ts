// The KPI view is used from route handlers (Prisma) and from scripts/jobs
// (a bare pg Pool). Both get the same small surface: rows from SQL, and a
// transaction pinned to one connection (advisory xact locks need that).
import type { Pool } from 'pg';
import type { Db, Tx } from '@/lib/prisma';

export type KpiConnection = Pool | Db;

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

function isPrisma(conn: KpiConnection): conn is Db {
  return '$transaction' in conn;
}

function prismaQuery(client: Db | Tx): Query {
  return <T>(sql: string, params: unknown[] = []) => client.$queryRawUnsafe<T[]>(sql, ...params);
}

export function queryOf(conn: KpiConnection): Query {
  if (isPrisma(conn)) return prismaQuery(conn);
  return async <T>(sql: string, params: unknown[] = []) => (await conn.query(sql, params)).rows as T[];
}

/** Runs `fn` in one transaction on one connection; commits unless it throws. */
export async function inTransaction<T>(conn: KpiConnection, fn: (q: Query) => Promise<T>, timeoutMs: number): Promise<T> {
  if (isPrisma(conn)) {
    return conn.$transaction((tx) => fn(prismaQuery(tx)), { timeout: timeoutMs, maxWait: 10_000 });
  }
  const client = await conn.connect();
  try {
    await client.query('BEGIN');
    const q: Query = async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[];
    const result = await fn(q);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
