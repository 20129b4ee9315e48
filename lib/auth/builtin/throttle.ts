// Sign-in throttling on failed attempts stored in login_attempts, so every
// instance sees the same counts without Redis. Three rules, each chosen so
// that an attacker cannot cheaply lock the real owner out:
// - per e-mail + address (MAX_FAILURES_PER_PAIR in LOGIN_WINDOW_MS): guessing
//   one account from one place. Failures from the attacker's addresses do
//   not lock the owner's.
// - per address (MAX_FAILURES_PER_IP): one place spraying many accounts.
// - per e-mail from everywhere, a progressive delay instead of a lockout:
//   after EMAIL_DELAY_AFTER failures in the window each further attempt
//   waits 1 s, 2 s, 4 s … up to EMAIL_DELAY_MAX_MS after the latest failure.
//   That caps a distributed guesser at about one guess a minute per account,
//   while the owner waits at most that long, and not at all from an address
//   the account has signed in from in the last KNOWN_ADDRESS_DAYS days.
// Addresses are counted per IPv4 address / IPv6 /64 (addressBucket). Attempts
// refused by the throttle are not recorded, so nothing extends itself. The
// way back in is always a password link (password-reset.ts): it works while
// throttled and clears the e-mail's failures.
import { ApiError } from '@/lib/api/errors';
import { addressBucket } from '@/lib/http/client-address';
import type { Db, Tx } from '@/lib/prisma';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 5;
export const MAX_FAILURES_PER_IP = 20;
export const EMAIL_DELAY_AFTER = 10;
export const EMAIL_DELAY_MAX_MS = 60_000;
export const KNOWN_ADDRESS_DAYS = 30;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_PROBABILITY = 0.01;
const NO_ADDRESS = 'unknown';

const bucketOf = (ip: string | null | undefined) => (ip ? addressBucket(ip) : NO_ADDRESS).slice(0, 64);

/** The delay owed after `failures` failures of one e-mail in the window. */
export function emailDelayMs(failures: number): number {
  if (failures < EMAIL_DELAY_AFTER) return 0;
  return Math.min(EMAIL_DELAY_MAX_MS, 1000 * 2 ** (failures - EMAIL_DELAY_AFTER));
}

async function lockedFor(db: Db, where: { email?: string; ip?: string }, max: number, now: number): Promise<number> {
  const recent = await db.loginAttempt.findMany({
    where: { ...where, createdAt: { gt: new Date(now - LOGIN_WINDOW_MS) } },
    orderBy: { createdAt: 'desc' },
    take: max,
    select: { createdAt: true },
  });
  if (recent.length < max) return 0;
  // Allowed again once the max-th most recent failure leaves the window.
  return recent[max - 1]!.createdAt.getTime() + LOGIN_WINDOW_MS - now;
}

async function emailDelayFor(db: Db, email: string, now: number): Promise<number> {
  const take = EMAIL_DELAY_AFTER + Math.ceil(Math.log2(EMAIL_DELAY_MAX_MS / 1000)) + 1;
  const recent = await db.loginAttempt.findMany({
    where: { email, createdAt: { gt: new Date(now - LOGIN_WINDOW_MS) } },
    orderBy: { createdAt: 'desc' },
    take,
    select: { createdAt: true },
  });
  const delay = emailDelayMs(recent.length);
  return delay === 0 ? 0 : recent[0]!.createdAt.getTime() + delay - now;
}

/** Whether the account signed in from this address (bucket) recently. */
async function knownAddress(db: Db, userId: string, bucket: string, now: number): Promise<boolean> {
  if (bucket === NO_ADDRESS) return false;
  const sessions = await db.session.findMany({
    where: { userId, createdAt: { gt: new Date(now - KNOWN_ADDRESS_DAYS * 24 * 60 * 60 * 1000) }, ip: { not: null } },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { ip: true },
  });
  return sessions.some((s) => addressBucket(s.ip!) === bucket);
}

function waitMessage(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `Muitas tentativas de entrada. Aguarde ${seconds} ${seconds === 1 ? 'segundo' : 'segundos'} e tente novamente.`;
  const minutes = Math.ceil(seconds / 60);
  return `Muitas tentativas de entrada. Tente novamente em ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`;
}

/**
 * Throws ApiError('rate_limited') with Retry-After when a rule applies.
 * `userId`: the account the e-mail belongs to, if any (for the known-address
 * exemption).
 */
export async function assertLoginAllowed(
  db: Db,
  { email, ip, userId }: { email: string; ip?: string | null; userId?: string | null },
): Promise<void> {
  const now = Date.now();
  const bucket = bucketOf(ip);
  const [pair, byIp, byEmail] = await Promise.all([
    lockedFor(db, { email, ip: bucket }, MAX_FAILURES_PER_PAIR, now),
    bucket === NO_ADDRESS ? 0 : lockedFor(db, { ip: bucket }, MAX_FAILURES_PER_IP, now),
    emailDelayFor(db, email, now),
  ]);
  let wait = Math.max(pair, byIp);
  if (byEmail > wait && !(userId && (await knownAddress(db, userId, bucket, now)))) wait = byEmail;
  if (wait > 0) {
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    throw new ApiError('rate_limited', waitMessage(wait), { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}

export async function recordLoginFailure(db: Db, { email, ip }: { email: string; ip?: string | null }): Promise<void> {
  // App clock, like the window computed in assertLoginAllowed.
  await db.loginAttempt.create({ data: { email: email.slice(0, 254), ip: bucketOf(ip), createdAt: new Date() } });
  // Rows only matter for one window; an occasional sweep keeps the table small
  // without a scheduled job.
  if (Math.random() < PRUNE_PROBABILITY) await pruneLoginAttempts(db);
}

/**
 * After a successful sign-in: forgets that address's failures for the
 * e-mail. Failures from elsewhere stay (an owner signing in does not wipe
 * the trace of someone else guessing).
 */
export async function clearLoginFailuresFrom(db: Db | Tx, email: string, ip?: string | null): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { email, ip: bucketOf(ip) } });
}

/** After a password link was used: whoever holds it owns the account, no throttle outlives it. */
export async function clearLoginFailures(db: Db | Tx, email: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { email } });
}

export async function pruneLoginAttempts(db: Db, olderThanMs = RETENTION_MS): Promise<number> {
  const { count } = await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } } });
  return count;
}
