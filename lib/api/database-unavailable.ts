// Whether an error means "the database cannot be reached right now" (down,
// restarting, connections cut, pool exhausted while it comes back) rather than
// a bug: the API then answers 503 with Retry-After, which clients and load
// balancers retry, instead of a 500 that reads as a defect. Errors arrive in
// several shapes: pg's socket errors (ECONNREFUSED …), PostgreSQL's own codes
// while it shuts down or starts (57P01 admin_shutdown, 57P03 cannot_connect_now,
// class 08 connection exceptions), pg's "Connection terminated" messages, and
// Prisma's wrappings of them (P1001, P1017, P2024, or a DriverAdapterError
// whose cause is DatabaseNotReachable / ConnectionClosed / SocketTimeout).
// 53300 (too many connections) is a restarted server filling up again.
// Background work (lib/db/outage.ts) waits through the same errors.
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ENOTCONN', 'EHOSTUNREACH', 'P1001', 'P1002', 'P1017', 'P2024', '57P01', '57P02', '57P03', '53300']);
const KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const MESSAGES =
  /Connection terminated|connection error|connection (is )?closed|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Can't reach database server|Server (has )?closed the connection/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const c of [e.code, (e as { originalCode?: unknown }).originalCode]) {
    if (typeof c === 'string' && (CODES.has(c) || /^08[0-9A-Z]{3}$/.test(c))) return true;
  }
  if (typeof e.kind === 'string' && KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  // AggregateError (a connect that tried several addresses), Prisma's adapter error, a wrapped cause.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
