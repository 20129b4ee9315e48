// Sign-in throttling on failed attempts stored in login_attempts, so every
// instance sees the same counts without Redis. Limits are per e-mail (guessing
// one account) and per IP (spraying many accounts). Attempts refused by the
// throttle are not recorded, so a lockout ends when the window slides past.
import { ApiError } from '@/lib/api/errors';
import type { Db, Tx } from '@/lib/prisma';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_PROBABILITY = 0.01;

async function retryAfterSeconds(db: Db, where: { email: string } | { ip: string }, max: number, now: number): Promise<number | null> {
  const recent = await db.loginAttempt.findMany({
    where: { ...where, createdAt: { gt: new Date(now - LOGIN_WINDOW_MS) } },
    orderBy: { createdAt: 'desc' },
    take: max,
    select: { createdAt: true },
  });
  if (recent.length < max) return null;
  // Allowed again once the max-th most recent failure leaves the window.
  const oldest = recent[max - 1]!.createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 1000));
}

/** Throws ApiError('rate_limited') with Retry-After when either limit is reached. */
export async function assertLoginAllowed(db: Db, { email, ip }: { email: string; ip?: string | null }): Promise<void> {
  const now = Date.now();
  const [byEmail, byIp] = await Promise.all([
    retryAfterSeconds(db, { email }, MAX_FAILURES_PER_EMAIL, now),
    ip ? retryAfterSeconds(db, { ip }, MAX_FAILURES_PER_IP, now) : null,
  ]);
  const wait = Math.max(byEmail ?? 0, byIp ?? 0);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    throw new ApiError(
      'rate_limited',
      `Muitas tentativas de entrada. Tente novamente em ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`,
      { retryAfterSeconds: wait },
      { 'Retry-After': String(wait) },
    );
  }
}

export async function recordLoginFailure(db: Db, { email, ip }: { email: string; ip?: string | null }): Promise<void> {
  // App clock, like the window computed in assertLoginAllowed.
  await db.loginAttempt.create({ data: { email: email.slice(0, 254), ip: ip ? ip.slice(0, 64) : null, createdAt: new Date() } });
  // Rows only matter for one window; an occasional sweep keeps the table small
  // without a scheduled job.
  if (Math.random() < PRUNE_PROBABILITY) await pruneLoginAttempts(db);
}

export async function clearLoginFailures(db: Db | Tx, email: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { email } });
}

export async function pruneLoginAttempts(db: Db, olderThanMs = RETENTION_MS): Promise<number> {
  const { count } = await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } } });
  return count;
}
