// Background work waits through a database outage with the same recogniser
// the routes use: a step that fails with what Prisma reports for a server that
// closed the connection mid-restart runs again once the database answers.
import { describe, expect, it } from 'vitest';
import { retryThroughOutage } from './outage';

describe('retryThroughOutage', () => {
  it('runs a step again after the errors a PostgreSQL restart gives through Prisma', async () => {
    const outages = [
      'Invalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Server has closed the connection.`',
      "Invalid `db.pluggyItem.update()` invocation:\nCan't reach database server at 127.0.0.1:36607",
    ];
    const seen: string[] = [];
    let calls = 0;
    const result = await retryThroughOutage(
      async () => {
        calls++;
        if (calls <= outages.length) throw new Error(outages[calls - 1]);
        return 'done';
      },
      { timeoutMs: 10_000, onOutage: (err) => seen.push((err as Error).message) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(seen).toEqual(outages);
  });

  it('does not retry an ordinary error', async () => {
    let calls = 0;
    await expect(
      retryThroughOutage(async () => {
        calls++;
        throw new Error('duplicate key value violates unique constraint');
      }),
    ).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });
});
