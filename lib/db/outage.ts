// PostgreSQL going away for a moment (a restart, a failover, a dropped
// connection): recognising it, and waiting for it to come back. For
// long-running background work whose steps are idempotent (a sync's
// upserts), so it can carry on where it was instead of failing an attempt
// whose failure it could not even record while the database is down.
import { isDatabaseUnavailable } from '@/lib/api/database-unavailable';
import { getPrisma } from '@/lib/prisma';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `SELECT 1` (backing off to 2 s) until it answers; throws the last error after `timeoutMs`. */
export async function waitForDatabase(timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
    signal?.throwIfAborted();
    try {
      await getPrisma().$queryRaw`SELECT 1`;
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + delay > deadline) throw err;
    }
    await sleep(delay);
  }
}

/** How long background work waits for the database before giving up (and failing its attempt). */
export const OUTAGE_WAIT_MS = 3 * 60_000;

/**
 * Runs `step`; when it fails because the database is unavailable, waits for
 * the database and runs it again (at most for `timeoutMs` in all). Only for
 * idempotent steps: a step interrupted half-way runs again from its start.
 */
export async function retryThroughOutage<T>(
  step: () => Promise<T>,
  { timeoutMs = OUTAGE_WAIT_MS, signal, onOutage }: { timeoutMs?: number; signal?: AbortSignal; onOutage?: (err: unknown) => void } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await step();
    } catch (err) {
      const left = deadline - Date.now();
      if (!isDatabaseUnavailable(err) || left <= 0 || signal?.aborted) throw err;
      onOutage?.(err);
      await waitForDatabase(left, signal);
    }
  }
}
