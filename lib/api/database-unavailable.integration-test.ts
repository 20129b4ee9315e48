// The errors a database outage really produces (through Prisma and its pg
// adapter, as the routes see them) are recognised as "unavailable" (503), and
// ordinary query errors are not (they stay 4xx / 500).
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort } from '@/lib/db/embedded';
import { createPrismaClient } from '@/lib/prisma';
import { testDb } from '@/test/db';
import { isDatabaseUnavailable } from './database-unavailable';

const { db, pool } = testDb();
const opened: { $disconnect(): Promise<void> }[] = [];
afterAll(async () => {
  for (const c of opened) await c.$disconnect().catch(() => undefined);
});

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the query to fail');
}

describe('isDatabaseUnavailable', () => {
  it('recognises a database nobody listens on (Prisma + pg adapter)', async () => {
    const port = await freePort();
    const { db: down } = createPrismaClient(`postgresql://postgres:x@127.0.0.1:${port}/nothing`, 1);
    opened.push(down);
    const err = await errorOf(down.tenant.count());
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('recognises a connection the server terminated (57P01, as on a restart)', async () => {
    const client = new pg.Client({ connectionString: (pool.options as { connectionString: string }).connectionString });
    await client.connect();
    // 'on', not 'once': pg may emit the loss more than once, and an unheard 'error' crashes the process.
    const lost = new Promise<unknown>((resolve) => client.on('error', resolve));
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await db.$queryRawUnsafe(`SELECT pg_terminate_backend(${rows[0]!.pid})`);
    const err = await lost;
    expect(isDatabaseUnavailable(err)).toBe(true);
    await client.end().catch(() => undefined);
  });

  it('recognises the messages Prisma gives a closed or unreachable server, whatever their code', () => {
    for (const message of ['Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`', "Can't reach database server at 127.0.0.1:5432", 'Connection terminated unexpectedly']) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
    expect(isDatabaseUnavailable({ code: '53300', message: 'sorry, too many clients already' })).toBe(true);
    expect(isDatabaseUnavailable({ originalCode: '08006', message: 'x' })).toBe(true);
  });

  it('leaves ordinary query errors alone', async () => {
    expect(isDatabaseUnavailable(await errorOf(db.$queryRawUnsafe('SELECT * FROM no_such_table_here')))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(db.$queryRawUnsafe('SELECT 1/0')))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
