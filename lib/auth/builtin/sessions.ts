// Server-side sessions: the client holds a random token, the database its
// hash. Revocation is immediate because every request looks the session up.
import type { Session } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';
import type { Db, Tx } from '@/lib/prisma';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';
import { PUBLIC_USER_SELECT, type BuiltinUser } from '@/lib/auth/builtin/user';

const DAY_MS = 24 * 60 * 60 * 1000;
/** lastSeenAt is advisory; refreshing it at most this often spares a write per request. */
export const LAST_SEEN_REFRESH_MS = 5 * 60 * 1000;

export interface SessionMeta {
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
}

export async function createSession(db: Db, { userId, ip, userAgent }: SessionMeta): Promise<{ session: Session; token: string }> {
  const { token, hash } = newToken();
  const session = await db.session.create({
    data: {
      userId,
      tokenHash: hash,
      ip: ip ? ip.slice(0, 64) : null,
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
      expiresAt: new Date(Date.now() + env().SESSION_TTL_DAYS * DAY_MS),
    },
  });
  return { session, token };
}

/** The live session and its user for a token; null when unknown, malformed, revoked or expired. */
export async function verifySession(db: Db, token: string): Promise<{ session: Session; user: BuiltinUser } | null> {
  if (!isWellFormedToken(token)) return null;
  const found = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: PUBLIC_USER_SELECT } },
  });
  const now = new Date();
  if (!found || found.revokedAt || found.expiresAt <= now) return null;
  const { user, ...session } = found;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_REFRESH_MS) {
    // Conditional on the value read: concurrent requests refresh it once.
    await db.session.updateMany({ where: { id: session.id, lastSeenAt: session.lastSeenAt }, data: { lastSeenAt: now } });
    session.lastSeenAt = now;
  }
  return { session, user };
}

/** Revokes the session of a token; false when there was no live one. */
export async function revokeSession(db: Db, token: string): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const { count } = await db.session.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

/** Signs a user out everywhere; returns how many sessions were revoked. */
export async function revokeAllSessions(db: Db | Tx, userId: string): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
