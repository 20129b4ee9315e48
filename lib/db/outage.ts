// PostgreSQL going away for a moment (a restart, a failover, a dropped
// connection): recognising it, and waiting for it to come back. For
// long-running background work whose steps are idempotent (a sync's
// upserts), so it can carry on where it was instead of failing an attempt
// whose failure it could not even record while the database is down.
import { getPrisma } from '@/lib/prisma';

// SQLSTATE classes 08 (connection exception) and 57P0x (operator
// intervention: admin/crash shutdown, cannot connect now), plus "too many
// connections" while a restarted server fills up again.
const PG_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03', '53300']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH']);
// Prisma's own codes for an unreachable / closed server.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const MESSAGES =
  /connection terminated|terminating connection|connection (is )?closed|server closed the connection|can't reach database|database system is (starting up|shutting down|in recovery mode)|connection refused|econnrefused|econnreset|client has encountered a connection error|the database is (starting up|shutting down)/i;

/** Whether an error (or one it wraps) says the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e === 'object') {
      const o = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
      for (const c of [o.code, o.originalCode]) {
        if (typeof c === 'string' && (PG_CODES.has(c) || NODE_CODES.has(c) || PRISMA_CODES.has(c))) return true;
      }
      if (o.kind === 'DatabaseNotReachable' || o.kind === 'ConnectionClosed') return true;
      if (typeof o.message === 'string' && MESSAGES.test(o.message)) return true;
      e = o.cause;
    } else {
      return typeof e === 'string' && MESSAGES.test(e);
    }
  }
  return false;
}

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
